"""The queue by flag, in the API (`?flag=fraud`, several allowed) and on the page; an unknown flag is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register
from redress.complaints.models import Complaint
from tests.api_shape import assert_shape
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(people: dict[str, User], settings: Any) -> dict[str, Complaint]:
    """Three complaints: fraud and legal, fraud only, no flag (set by staff in triage)."""
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""
    made = {}
    for name, flags in (("fraud_legal", ["fraud", "legal"]), ("fraud", ["fraud"]), ("none", [])):
        complaint = register(by=people["intake"], description=f"信用卡年费乱收 {name}")
        act(complaint, "triage", by=people["intake"], payload={"business": "bank_card", "flags": flags})
        made[name] = complaint
    return made


def api_refs(api: Any, query: str) -> list[str]:
    answer = api("manager").get(f"/api/v1/complaints/?{query}")
    assert answer.status_code == 200, answer.json()
    return [row["reference"] for row in answer.json()["results"]]


def test_the_api_filters_by_one_flag_or_any_of_several(api: Any, flagged: dict[str, Complaint]) -> None:
    ref = {name: c.reference for name, c in flagged.items()}
    assert api_refs(api, "flag=fraud") == [ref["fraud"], ref["fraud_legal"]]
    assert api_refs(api, "flag=legal") == [ref["fraud_legal"]]
    assert api_refs(api, "flag=mass") == []
    assert api_refs(api, "flag=legal&flag=mass") == [ref["fraud_legal"]]
    assert api_refs(api, "flag=legal,fraud") == [ref["fraud"], ref["fraud_legal"]]
    assert api_refs(api, "flag=fraud&status=triaged&sort=due") == sorted(
        [ref["fraud"], ref["fraud_legal"]],
        key=lambda r: Complaint.objects.values_list("next_due_at", "id").get(reference=r),
    )
    assert len(api_refs(api, "")) == 3
    assert len(api_refs(api, "flag=")) == len(api_refs(api, "flag=,")) == 3  # an empty filter, as for the others


def test_the_api_rows_carry_the_flags(api: Any, flagged: dict[str, Complaint]) -> None:
    from redress.complaints.api.serializers import QueuePageOut

    body = api("manager").get("/api/v1/complaints/?flag=legal").json()
    assert body["results"][0]["flags"] == ["fraud", "legal"]
    assert_shape(QueuePageOut, body)


@pytest.mark.parametrize("query", ["flag=scam", "flag=fraud,scam", "flag=fraud&flag=Fraud", "flag=large%5Famount%25"])
def test_the_api_refuses_an_unknown_flag_naming_the_parameter(
    api: Any, flagged: dict[str, Complaint], query: str
) -> None:
    answer = api("manager").get(f"/api/v1/complaints/?{query}")
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "invalid"
    assert list(body["detail"]) == ["flag"]
    assert "fraud" in body["detail"]["flag"][0]  # the message names the flags there are


def test_the_schema_documents_the_flag_filter(api: Any, people: dict[str, User]) -> None:
    schema = api("manager").get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/complaints/"]["get"]["parameters"]
    flag = next(p for p in parameters if p["name"] == "flag")
    assert flag["schema"]["type"] == "array"
    assert set(flag["schema"]["items"]["enum"]) == {
        "fraud",
        "regulator",
        "media",
        "legal",
        "vulnerable",
        "mass",
        "large_amount",
    }


# --- The page ---------------------------------------------------------------------------------------------


def page_refs(response: Any) -> list[str]:
    body = html(response)
    main = body[body.index('id="queue-results"') :]
    if "urgent-first" in main:  # the pinned urgent rows are listed again below
        main = main[main.index("</table>") :]
    return re.findall(r'class="ref" href="/complaints/([A-Z0-9-]+)/"', main)


def signed_in(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_page_filters_by_flag(people: dict[str, User], flagged: dict[str, Complaint]) -> None:
    ref = {name: c.reference for name, c in flagged.items()}
    client = signed_in(people["manager"])
    assert page_refs(client.get("/", {"f": "1", "flag": "fraud"})) == [ref["fraud"], ref["fraud_legal"]]
    assert page_refs(client.get("/", {"f": "1", "flag": ["legal", "mass"]})) == [ref["fraud_legal"]]
    assert len(page_refs(client.get("/", {"f": "1"}))) == 3


def test_the_page_keeps_several_flags_in_its_links(people: dict[str, User], flagged: dict[str, Complaint]) -> None:
    body = html(signed_in(people["manager"]).get("/", {"f": "1", "flag": ["legal", "mass"]}))
    chip = body[body.index('data-filter="flag"') :]
    chip = chip[: chip.index("</span>")]
    assert "Threatens legal action" in chip and "Many people affected" in chip
    assert re.search(r'name="flag" value="legal"[^>]*checked', body)
    assert re.search(r'name="flag" value="mass"[^>]*checked', body)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Flags", "Suspected fraud or stolen funds", "Large amount"]),
        ("zh-hans", ["标记", "疑似欺诈或资金被盗", "涉及大额资金"]),
        ("zh-hant", ["標記", "疑似詐騙或資金被盜", "涉及大額資金"]),
    ],
)
def test_the_pages_flag_filter_and_rows_show_labels_not_codes(
    people: dict[str, User], flagged: dict[str, Complaint], language: str, words: list[str]
) -> None:
    body = html(signed_in(people["manager"], language).get("/", {"f": "1"}))
    for word in words:
        assert word in body, (language, word)
    rows = body[body.index('id="queue-results"') :]
    assert 'class="badge flag"' in rows
    assert ">fraud<" not in rows and ">legal<" not in rows


def test_the_page_says_which_flag_is_unknown(people: dict[str, User], flagged: dict[str, Complaint]) -> None:
    response = signed_in(people["manager"]).get("/", {"f": "1", "flag": "scam"})
    assert response.status_code == 400
    body = html(response)
    assert "scam" in body and page_refs(response) == []
