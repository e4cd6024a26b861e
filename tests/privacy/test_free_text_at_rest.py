"""The complaint's own free texts (description, desired outcome) are encrypted at rest like the customer's
details; the search document is made from them with the personal data scrubbed out, so the database keeps
no personal datum in clear, yet the texts still read, mask and search as before."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection
from django.test import Client

from redress.complaints.models import Complaint, ComplaintSearch
from redress.privacy.crypto import PREFIX
from tests.privacy.test_at_rest import BODY, stored

pytestmark = pytest.mark.django_db

PHONE = "13987654321"
TEXT = f"我是欧阳娜娜，联系电话{PHONE}。信用卡境外被盗刷三笔，银行未及时冻结。"
WANTED = "退还被盗刷的款项，欧阳娜娜的卡请补发"


def registered(api: Any) -> Complaint:
    body = {**BODY, "description": TEXT, "desired_outcome": WANTED}
    response = api("intake").post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 201, response.content
    return Complaint.objects.get(reference=response.json()["reference"])


def clear_words(raw: str) -> list[str]:
    return [word for word in ("欧阳", PHONE, "盗刷", "冻结", "退还", "补发") if word in raw]


def test_the_description_and_desired_outcome_are_ciphertext_in_the_database(api: Any) -> None:
    c = registered(api)
    for column in ("description", "desired_outcome"):
        raw = stored("complaints_complaint", column, c.pk)
        assert raw.startswith(PREFIX) and clear_words(raw) == [], column
    c.refresh_from_db()
    assert (c.description, c.desired_outcome) == (TEXT, WANTED)
    with pytest.raises(FieldError, match="blind index"):
        Complaint.objects.filter(description__icontains="盗刷").exists()


def test_the_api_and_the_page_show_the_texts_whole_or_masked_by_role(api: Any, people: Any) -> None:
    c = registered(api)
    whole = api("compliance").get(f"/api/v1/complaints/{c.reference}/").json()
    assert (whole["description"], whole["desired_outcome"]) == (TEXT, WANTED)
    masked = api("manager").get(f"/api/v1/complaints/{c.reference}/").json()
    assert PHONE not in masked["description"] and "盗刷三笔" in masked["description"]
    assert "欧阳娜娜" not in masked["desired_outcome"] and "退还被盗刷的款项" in masked["desired_outcome"]
    for username, shown in (("compliance", True), ("manager", False)):
        page = Client()
        page.force_login(people[username])
        html = page.get(f"/complaints/{c.reference}/").content.decode()
        assert "信用卡境外被盗刷三笔" in html and (PHONE in html) is shown, username
        # The queue's summary column: the description's start.
        queue = page.get("/", {"status": "all", "f": "1"}).content.decode()
        assert "信用卡境外被盗刷三笔" in queue and (PHONE in queue) is shown, username


def test_search_finds_a_word_of_the_texts_but_never_a_personal_datum_in_them(api: Any) -> None:
    c = registered(api)
    found = api("compliance").get("/api/v1/complaints/", {"q": "盗刷"}).json()["results"]
    assert [r["reference"] for r in found] == [c.reference]
    assert PHONE in found[0]["match"]["snippet"]  # the snippet is read from the texts, for who may see them
    assert api("compliance").get("/api/v1/complaints/", {"q": "补发"}).json()["results"][0]["reference"] == c.reference
    assert api("compliance").get("/api/v1/complaints/", {"q": PHONE}).json()["results"] == []
    document = ComplaintSearch.objects.get(complaint=c)
    assert PHONE not in document.main and "欧阳" not in document.main and "盗刷" in document.main


def _as_an_earlier_release(c: Complaint) -> None:
    """The texts in clear, and the search document made from them unscrubbed, as before this release."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaint SET description = %s, desired_outcome = %s WHERE id = %s",
            [TEXT, WANTED, c.pk],
        )
    ComplaintSearch.objects.filter(complaint=c).update(main=f"{PHONE} 欧阳娜娜 盗刷")


def test_the_data_migration_encrypts_the_texts_kept_in_clear_and_scrubs_their_search_words(api: Any) -> None:
    migration = importlib.import_module("redress.complaints.migrations.0019_free_text_encrypted")
    c = registered(api)
    _as_an_earlier_release(c)
    editor = SimpleNamespace(connection=connection)
    for _ in range(2):  # a second run (an interrupted one run again) changes nothing more
        migration.seal(apps, editor)
        migration.scrub_search_words(apps, editor)
        for column in ("description", "desired_outcome"):
            raw = stored("complaints_complaint", column, c.pk)
            assert raw.startswith(PREFIX) and clear_words(raw) == []
        c.refresh_from_db()
        assert (c.description, c.desired_outcome) == (TEXT, WANTED)
        main = ComplaintSearch.objects.get(complaint=c).main
        assert PHONE not in main and "欧阳" not in main and "盗刷" in main
    migration.unseal(apps, editor)
    assert stored("complaints_complaint", "description", c.pk) == TEXT
    assert stored("complaints_complaint", "desired_outcome", c.pk) == WANTED
