"""Personal data inside a complaint's free text is masked for who sees personal data masked, and not searchable by
them: the page, every API answer and the export; compliance (and a reveal) see the text as written."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from redress.accounts.models import User
from redress.audit.services import event_append
from redress.complaints.api.serializers import ComplaintOut, EventsOut, LettersOut
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.core.api import ErrorOut
from redress.correspondence.models import Letter
from tests.api_shape import assert_shape

# The customer's own values (also in the structured fields) and a third person's, written as people write them.
CUSTOMER = (
    SAMPLE_CUSTOMER.name,
    SAMPLE_CUSTOMER.phone,
    "138-1234-5678",
    SAMPLE_CUSTOMER.email,
    SAMPLE_CUSTOMER.id_number,
    SAMPLE_CUSTOMER.address,
)
THIRD = (
    "李明",
    "13987654321",
    "11010519491231002X",
    "上海市浦东新区世纪大道100号",
    "John Smith",
    "+44 20 7946 0958",
    "john.smith@example.co.uk",
    "AB 12 34 56 C",
    "123-45-6789",
    "4111 1111 1111 1111",
    "10 Downing Street",
)
SECRETS = CUSTOMER + THIRD

CHINESE = (
    "本人张三，手机138-1234-5678，邮箱zhang.san@example.com，身份证110101199003071234，住北京市朝阳区建国路88号。"
    "联系人李明的电话13987654321，身份证11010519491231002X，地址上海市浦东新区世纪大道100号，卡号4111 1111 1111 1111。"
)
ENGLISH = (
    "Please call my lawyer Mr John Smith on +44 20 7946 0958 or john.smith@example.co.uk, NI number AB 12 34 56 C, "
    "SSN 123-45-6789, at 10 Downing Street, London SW1A 2AA. My own number is 13812345678."
)
FILE_NAME = "张三_13812345678_联系人李明_11010519491231002X.pdf"


@pytest.fixture
def complaint(people: dict[str, User]) -> Complaint:
    """Assigned to `handler`, in `cards` (where `handler2` works too), with personal data in every free text."""
    c = walk(
        register(by=people["intake"], description=CHINESE + "\n" + ENGLISH, desired_outcome=CHINESE),
        "investigating",
        people,
    )
    act(c, "add_note", by=people["handler"], payload={"text": ENGLISH + " " + CHINESE})
    act(c, "log_contact", by=people["handler"], payload={"channel": "phone", "summary": CHINESE})
    event_append(
        complaint=c,
        kind="customer_message",
        actor=CUSTOMER_ACTOR,
        data={
            "channel": "email",
            "subject": "Re: my lawyer Mr John Smith",
            "text": ENGLISH + "\n" + CHINESE,
            "attachments": [FILE_NAME],
        },
    )
    Letter.objects.filter(complaint=c).update(subject="致张三：" + ENGLISH[:40], body=CHINESE + "\n\n" + ENGLISH)
    upload = SimpleUploadedFile(FILE_NAME, b"%PDF-1.4 statement", content_type="application/pdf")
    evidence_add(
        reference=c.reference,
        upload=upload,
        actor=actor_for(people["handler"]),
        user=people["handler"],
        description=ENGLISH[:200],
    )
    return Complaint.objects.get(pk=c.pk)


def _found(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _page(people: dict[str, User], who: str, reference: str) -> str:
    client = Client()
    client.force_login(people[who])
    response = client.get(f"/complaints/{reference}/")
    assert response.status_code == 200
    return response.content.decode()


def _api_texts(api: Any, who: str, reference: str) -> dict[str, str]:
    base = f"/api/v1/complaints/{reference}/"
    detail = api(who).get(base)
    events = api(who).get(f"{base}events/")
    letters = api(who).get(f"{base}letters/")
    assert detail.status_code == events.status_code == letters.status_code == 200
    assert_shape(ComplaintOut, detail.json())
    assert_shape(EventsOut, events.json())
    assert_shape(LettersOut, letters.json())
    return {"detail": detail.content.decode(), "events": events.content.decode(), "letters": letters.content.decode()}


@pytest.mark.django_db
class TestMaskedReader:
    def test_the_page_shows_none_of_the_personal_data(self, people: dict[str, User], complaint: Complaint) -> None:
        page = _page(people, "handler2", complaint.reference)
        assert _found(page) == []
        assert 'class="pii-removed"' in page and "[phone number]" in page
        assert "[person&#x27;s name]" in page or "[person's name]" in page
        assert "lawyer" in page  # the rest of the text is there

    def test_no_api_answer_holds_any_of_it(self, api: Any, people: dict[str, User], complaint: Complaint) -> None:
        texts = _api_texts(api, "handler2", complaint.reference)
        for name, text in texts.items():
            assert _found(text) == [], name
        detail = api("handler2").get(f"/api/v1/complaints/{complaint.reference}/").json()
        assert "[phone number]" in detail["description"] and "[card number]" in detail["desired_outcome"]
        [letter] = api("handler2").get(f"/api/v1/complaints/{complaint.reference}/letters/").json()["results"]
        assert letter["masked"] is True and "[e-mail address]" in letter["body"]

    def test_an_evidence_download_is_refused_unless_it_can_be_masked(
        self, people: dict[str, User], complaint: Complaint
    ) -> None:
        client = Client()
        client.force_login(people["handler2"])
        pdf = complaint.evidence.get()
        refused = client.get(f"/complaints/{complaint.reference}/evidence/{pdf.pk}/")
        assert refused.status_code == 403 and refused.json()["error"] == "evidence_masked"
        upload = SimpleUploadedFile(FILE_NAME.replace(".pdf", ".txt"), ENGLISH.encode(), content_type="text/plain")
        text = evidence_add(
            reference=complaint.reference,
            upload=upload,
            actor=actor_for(people["handler"]),
            user=people["handler"],
        )
        response = client.get(f"/complaints/{complaint.reference}/evidence/{text.pk}/")
        assert response.status_code == 200
        assert _found(response.content.decode()) == [] and "[phone number]" in response.content.decode()
        disposition = response["Content-Disposition"]
        assert "attachment" in disposition and "13812345678" not in disposition
        assert "11010519491231002X" not in disposition and "%E5%BC%A0%E4%B8%89" not in disposition  # 张三

    def test_an_upload_answers_the_file_name_masked(self, api: Any, complaint: Complaint) -> None:
        upload = SimpleUploadedFile(
            "Mr John Smith 4111 1111 1111 1111.pdf", b"%PDF-1.4 x", content_type="application/pdf"
        )
        # The manager sees personal data masked (not the assignee) and may add evidence.
        response = api("manager").post(
            f"/api/v1/complaints/{complaint.reference}/attachments/", {"file": upload}, format="multipart"
        )
        assert response.status_code == 201
        assert _found(response.json()["name"]) == [] and "[card number]" in response.json()["name"]

    def test_the_export_of_a_masked_reader_is_masked(self, api: Any, complaint: Complaint) -> None:
        response = api("manager").post(
            f"/api/v1/complaints/{complaint.reference}/export/", {"reason": "regulator request"}, format="json"
        )
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            for name in archive.namelist():
                assert _found(name) == [], name
                if not name.split("/", 1)[1].startswith("evidence/"):  # the files' contents are as stored
                    assert _found(archive.read(name).decode()) == [], (name, archive.read(name).decode())

    def test_a_search_for_personal_data_is_refused(
        self, api: Any, people: dict[str, User], complaint: Complaint
    ) -> None:
        response = api("handler2").get("/api/v1/complaints/", {"q": "13987654321"})
        assert response.status_code == 400
        assert_shape(ErrorOut, response.json())
        assert response.json()["error"] == "personal_data_search" and "q" in response.json()["detail"]
        # Words of the complaint are searched as before; the customer lookup by blind index stays open.
        assert api("handler2").get("/api/v1/complaints/", {"q": "lawyer"}).json()["results"]
        found = api("handler2").get("/api/v1/complaints/", {"customer": SAMPLE_CUSTOMER.phone}).json()["results"]
        assert [r["reference"] for r in found] == [complaint.reference]
        client = Client()
        client.force_login(people["handler2"])
        page = client.get("/", {"q": "john.smith@example.co.uk", "f": "1", "status": "all"})
        assert page.status_code == 400
        html = page.content.decode()
        assert "Searching the complaints" in html and complaint.reference not in html


@pytest.mark.django_db
class TestUnmaskedReader:
    def test_compliance_sees_every_text_as_written(
        self, api: Any, people: dict[str, User], complaint: Complaint
    ) -> None:
        page = _page(people, "compliance", complaint.reference)
        assert _found(page.replace("&#x27;", "'")) == list(SECRETS)
        texts = _api_texts(api, "compliance", complaint.reference)
        everything = "".join(texts.values())
        assert _found(everything) == list(SECRETS)

    def test_the_assignee_sees_them_too(self, people: dict[str, User], complaint: Complaint) -> None:
        assert _found(_page(people, "handler", complaint.reference)) == list(SECRETS)

    def test_compliance_may_search_by_personal_data_which_no_text_s_words_keep(
        self, api: Any, complaint: Complaint
    ) -> None:
        """Not refused, but the search words of every text (the description, the notes, the contacts logged, the
        customer's messages) are taken with the personal data scrubbed out: a number written in them finds
        nothing, for anyone (README, "Free text at rest and the search index"); the customer is found by the
        customer lookup."""
        response = api("compliance").get("/api/v1/complaints/", {"q": "13987654321"})
        assert response.status_code == 200 and response.json()["results"] == []
        assert [
            r["reference"] for r in api("compliance").get("/api/v1/complaints/", {"q": "lawyer"}).json()["results"]
        ] == [complaint.reference]

    def test_a_reveal_unmasks_the_page_for_that_response(self, people: dict[str, User], complaint: Complaint) -> None:
        client = Client()
        client.force_login(people["manager"])
        revealed = client.post(f"/complaints/{complaint.reference}/reveal/", {"reveal-reason": "the customer called"})
        assert revealed.status_code == 200
        assert _found(revealed.content.decode()) == list(SECRETS)
        assert _found(_page(people, "manager", complaint.reference)) == []
