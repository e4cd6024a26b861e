from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from redress.audit.models import Event
from redress.complaints.models import Complaint, Evidence
from redress.correspondence.models import Letter, OutboxMessage
from redress.intake.models import PossibleDuplicate, TrackingSecret

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "李四",
        "id_number": "110101199003074514",
        "phone": "13900001111",
        "email": "li.si@example.cn",
        "address": "北京市朝阳区建国路1号",
        "product": "信用卡",
        "description": "我的信用卡年费被重复扣取了两次，请核实。",
        "desired_outcome": "退还多扣的年费",
        "language": "zh-hans",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client: Client, **overrides: Any) -> Any:
    return client.post("/complaints/new/", form(**overrides), REMOTE_ADDR=overrides.pop("ip", "10.0.0.1"))


def secret_of(response: Any) -> tuple[str, str]:
    html = response.content.decode()
    reference = re.search(r"CMP-\d{8}-\d{6}", html)
    secret = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", html)
    assert reference and secret, html
    return reference.group(0), secret.group(0)


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "投诉"), ("zh-hant", "投訴"), ("en", "Make a complaint")]
)
def test_the_form_is_public_in_three_languages(language: str, heading: str) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/complaints/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="consent"' in html and 'name="website"' in html
    assert heading in html


def test_submission_registers_a_web_complaint_with_files_and_a_tracking_secret() -> None:
    client = Client()
    data = form()
    data["attachments"] = [
        SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
    ]
    response = client.post("/complaints/new/", data)
    assert response.status_code == 200
    reference, secret = secret_of(response)
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.channel == "web"
    assert complaint.customer_name == "李四"
    assert complaint.language == "zh-hans"
    assert complaint.registered_by is None
    assert {e.original_name for e in Evidence.objects.filter(complaint=complaint)} == {"statement.pdf", "photo.png"}
    # Only a hash of the secret is kept.
    stored = TrackingSecret.objects.get(complaint=complaint)
    assert secret not in stored.secret_hash and secret.replace("-", "") not in stored.secret_hash
    # The acknowledgement is issued in the customer's language, by email through the outbox.
    letter = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert letter.channel == "email" and letter.language == "zh-hans"
    assert OutboxMessage.objects.filter(letter=letter).exists()
    registered = Event.objects.get(complaint=complaint, kind="registered")
    assert registered.actor_kind == "customer" and registered.data["channel"] == "web"


def test_english_customer_gets_an_english_acknowledgement() -> None:
    response = submit(Client(), language="en", email="", description="My card was charged twice.")
    reference, _secret = secret_of(response)
    letter = Letter.objects.get(complaint__reference=reference, kind="acknowledgement")
    assert letter.language == "en" and letter.channel == "letter" and "Dear" in letter.body


@pytest.mark.parametrize(
    ("name", "content", "ctype"),
    [
        ("tool.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        ("script.html", b"<script>", "text/html"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(name: str, content: bytes, ctype: str) -> None:
    data = form()
    data["attachments"] = [SimpleUploadedFile(name, content, content_type=ctype)]
    response = Client().post("/complaints/new/", data)
    assert response.status_code == 400
    assert name in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_file_over_20_mb_is_refused(settings: Any) -> None:
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    data = form()
    data["attachments"] = [big]
    response = Client().post("/complaints/new/", data)
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_consent_is_required() -> None:
    data = form()
    del data["consent"]
    response = Client().post("/complaints/new/", data)
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_a_contact_is_required() -> None:
    response = submit(Client(), phone="", email="", address="")
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_csrf_is_enforced() -> None:
    response = Client(enforce_csrf_checks=True).post("/complaints/new/", form())
    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_the_honeypot_gets_a_polite_page_and_nothing_is_stored() -> None:
    response = submit(Client(), website="http://spam.example")
    assert response.status_code == 200
    assert not re.search(r"CMP-\d{8}", response.content.decode())
    assert Complaint.objects.count() == 0


def test_submissions_are_rate_limited_per_client(settings: Any) -> None:
    settings.REDRESS_INTAKE_WEB_PER_HOUR = 2
    client = Client()
    assert submit(client, ip="10.0.0.9").status_code == 200
    assert submit(client, ip="10.0.0.9", description="第二个问题：网银无法登录。").status_code == 200
    refused = submit(client, ip="10.0.0.9", description="第三个问题")
    assert refused.status_code == 429
    assert Complaint.objects.count() == 2
    assert submit(client, ip="10.0.0.10").status_code == 200  # another client is not affected


def test_a_similar_complaint_of_the_same_customer_is_flagged_not_merged() -> None:
    first, _ = secret_of(submit(Client()))
    second, _ = secret_of(
        submit(Client(), phone="", email="LI.SI@example.cn", description="我的信用卡年费被重复扣取两次，请核实！")
    )
    other, _ = secret_of(submit(Client(), description="网上银行转账失败但是钱已经扣了"))
    new = Complaint.objects.get(reference=second)
    assert new.status == "received" and new.merged_into is None
    link = PossibleDuplicate.objects.get(complaint=new)
    assert link.other.reference == first and link.score >= 0.6
    assert Event.objects.get(complaint=new, kind="registered").data["possible_duplicate_of"] == first
    assert not PossibleDuplicate.objects.filter(complaint__reference=other).exists()


# --- Tracking -------------------------------------------------------------------------------


def track(client: Client, reference: str, secret: str, ip: str = "10.1.0.1") -> Any:
    return client.post("/complaints/track/", {"reference": reference, "secret": secret}, REMOTE_ADDR=ip)


def test_tracking_shows_customer_facing_facts_only(people: Any) -> None:
    from redress.complaints.services.actions import complaint_act
    from redress.complaints.services.actor import actor_for

    reference, secret = secret_of(submit(Client(), language="en", description="Charged twice for the annual fee."))
    manager = people["manager"]
    complaint_act(
        reference=reference,
        action="add_note",
        actor=actor_for(manager),
        user=manager,
        payload={"text": "INTERNAL-NOTE-xyz"},
    )
    response = track(Client(HTTP_ACCEPT_LANGUAGE="en"), reference, secret.lower())
    assert response.status_code == 200
    html = response.content.decode()
    assert reference in html and "Received" in html
    assert "Decision / final response" in html and "Thank you for telling us" in html
    assert "INTERNAL-NOTE-xyz" not in html
    assert manager.username not in html
    assert "internal" not in html.lower()


def test_wrong_secret_and_unknown_reference_look_the_same() -> None:
    reference, _secret = secret_of(submit(Client()))
    wrong = track(Client(), reference, "AAAA-BBBB-CCCC-DDDD")
    unknown = track(Client(), "CMP-20000101-999999", "AAAA-BBBB-CCCC-DDDD")
    assert wrong.status_code == unknown.status_code == 404
    strip = lambda r: r.content.decode().replace(reference, "").replace("CMP-20000101-999999", "")  # noqa: E731
    assert re.sub(r'value="[^"]*"', "", strip(wrong)) == re.sub(r'value="[^"]*"', "", strip(unknown))


def test_tracking_is_rate_limited(settings: Any) -> None:
    settings.REDRESS_INTAKE_TRACK_PER_HOUR = 3
    reference, secret = secret_of(submit(Client()))
    for _ in range(3):
        assert track(Client(), reference, "WRONG", ip="10.2.0.1").status_code == 404
    assert track(Client(), reference, secret, ip="10.2.0.1").status_code == 429


def test_the_language_switch_changes_the_public_page() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "我要投诉" in client.get("/complaints/new/").content.decode()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/complaints/new/"})
    assert switched.status_code == 302 and switched["Location"] == "/complaints/new/"
    assert "Make a complaint" in client.get("/complaints/new/").content.decode()


def test_the_tracking_link_fills_in_the_reference() -> None:
    reference, _secret = secret_of(submit(Client()))
    page = Client().get(f"/complaints/track/?reference={reference}")
    assert page.status_code == 200 and f'value="{reference}"' in page.content.decode()


def test_the_narrative_consent_box_is_offered_unticked() -> None:
    html = Client().get("/complaints/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = re.search(r'<input[^>]*name="narrative_consent"[^>]*>', html)
    assert box and "checked" not in box.group(0)
    assert "with my personal details removed" in html


@pytest.mark.parametrize(("ticked", "consent"), [({"narrative_consent": "on"}, True), ({}, False)])
def test_the_narrative_consent_is_recorded_as_given(ticked: dict[str, str], consent: bool) -> None:
    reference, _secret = secret_of(submit(Client(), **ticked))
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.narrative_consent is consent
    assert Event.objects.get(complaint=complaint, kind="registered").data["narrative_consent"] is consent
