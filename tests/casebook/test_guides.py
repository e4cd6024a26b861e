"""Guides: Markdown per language, sanitised; shown beside complaints of their business line."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from redress.casebook.api.serializers import GuideOut, GuidesOut
from redress.casebook.models import Guide
from redress.codes.models import BusinessLine
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def guide(title: str, body: str = "Be **kind**.", lines: tuple[str, ...] = (), **fields: Any) -> Guide:
    made = Guide.objects.create(title_en=title, body_en=body, order=1, **fields)
    made.business_lines.set(BusinessLine.objects.filter(code__in=lines))
    return made


def test_the_seeded_guides_are_there_in_three_languages() -> None:
    seeded = Guide.objects.filter(situation__code__in=["angry", "vulnerable", "promises", "bereavement", "fraud"])
    assert seeded.count() == 5
    assert all(g.title_zh_hans and g.title_zh_hant and g.title_en and g.body_zh_hant for g in seeded)


def test_a_guide_is_shown_beside_a_complaint_of_its_business_line_only(
    people: Any, browser: Any, closed_complaint: Any
) -> None:
    Guide.objects.all().delete()
    cards = guide("Card fee disputes", lines=("bank_card",))
    loans = guide("Talking about arrears", lines=("loan",))
    everyone = guide("Any complaint")
    complaint = closed_complaint(business="bank_card")
    page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
    assert f'href="/casebook/guides/{cards.pk}/"' in page
    assert f'href="/casebook/guides/{everyone.pk}/"' in page
    assert f'href="/casebook/guides/{loans.pk}/"' not in page


def test_markdown_is_rendered_and_no_script_reaches_the_page(browser: Any, api: Any) -> None:
    bad = guide(
        "Careful",
        body='# Steps\n\n<script>alert("x")</script>\n\n[link](javascript:alert(1)) and **bold**\n\n'
        '<img src=x onerror="alert(2)">',
    )
    page = browser("handler").get(f"/casebook/guides/{bad.pk}/").content.decode()
    assert "<h1>Steps</h1>" in page and "<strong>bold</strong>" in page
    body = api("handler").get(f"/api/v1/casebook/guides/{bad.pk}/").json()["body_html"]
    for html in (page, body):
        # Shown as text at most, never as markup.
        assert "<script>alert" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;" in body


def test_a_guide_is_read_in_the_readers_language_else_another(people: Any) -> None:
    both = Guide.objects.create(title_zh_hans="简体标题", title_en="English title", body_en="text")
    only_english = Guide.objects.create(title_en="Only English", body_en="text")
    with translation.override("zh-hant"):
        assert both.title == "简体标题"  # no Traditional title: the Simplified one
        assert only_english.title == "Only English"
    with translation.override("en"):
        assert both.title == "English title"


def test_the_api_lists_guides_by_business_and_situation(api: Any) -> None:
    Guide.objects.filter(situation__isnull=True).delete()
    cards = guide("Card fee disputes", lines=("bank_card",))
    listed = api("intake").get("/api/v1/casebook/guides/", {"business": "loan"})
    assert listed.status_code == 200
    assert_shape(GuidesOut, listed.json())
    titles = {row["title"] for row in listed.json()["results"]}
    assert "Card fee disputes" not in titles and "Speaking to an angry customer" in titles
    angry = api("intake").get("/api/v1/casebook/guides/", {"situation": "angry"}).json()["results"]
    assert [row["title"] for row in angry] == ["Speaking to an angry customer"]
    one = api("intake").get(f"/api/v1/casebook/guides/{cards.pk}/")
    assert_shape(GuideOut, one.json())
    assert one.json()["business_lines"] == ["bank_card"]
    assert api("intake").get("/api/v1/casebook/guides/999999/").status_code == 404


def test_the_guides_page_lists_and_filters_by_situation(browser: Any) -> None:
    client = browser("analyst")
    page = client.get("/casebook/guides/").content.decode()
    assert "Speaking to an angry customer" in page and "A victim of fraud" in page
    only = client.get("/casebook/guides/", {"situation": "fraud"}).content.decode()
    assert "A complaint from a victim of fraud" in only and "Speaking to an angry customer" not in only


@pytest.mark.parametrize("who", ["admin", "compliance"])
def test_the_admin_edits_guides(people: Any, browser: Any, who: str) -> None:
    people["compliance"].is_staff = True  # the compliance officer given an admin account
    people["compliance"].save()
    client = browser(who)
    assert client.get("/admin/casebook/guide/").status_code == 200
    assert client.get("/admin/casebook/situation/").status_code == 200
    added = client.post(
        "/admin/casebook/guide/add/",
        {"title_en": "New guide", "body_en": "Text", "order": 5, "active": "on", "required_for_year": 2027},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Guide.objects.filter(title_en="New guide", required_for_year=2027).exists()


def test_compliance_edits_nothing_else_in_the_admin(people: Any, browser: Any) -> None:
    people["compliance"].is_staff = True
    people["compliance"].save()
    assert browser("compliance").get("/admin/codes/businessline/").status_code == 403


def test_the_guides_page_filters_by_business_line(browser: Any) -> None:
    guide("Card fee disputes", lines=("bank_card",))
    client = browser("handler")
    assert "Card fee disputes" in client.get("/casebook/guides/", {"business": "bank_card"}).content.decode()
    loans = client.get("/casebook/guides/", {"business": "loan"}).content.decode()
    assert "Card fee disputes" not in loans and "Speaking to an angry customer" in loans
