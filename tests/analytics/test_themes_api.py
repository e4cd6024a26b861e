"""Themes through the API and the pages: who sees and does what, naming and promoting, the answer's shape."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from redress.analytics.api.themes_serializers import ThemeOut, ThemesOut
from redress.analytics.models import Theme, ThemeRun
from redress.analytics.themes.services import themes_run
from redress.codes import selectors as codes
from redress.codes.models import RootCause
from tests.analytics.themecorpus import EMAILS, PHONES, planted_corpus
from tests.api_shape import assert_shape

START, END = date(2026, 10, 5), date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def run(people: Any) -> ThemeRun:
    planted_corpus(people, start=START, days=28, per_theme=12)
    return themes_run(start=START, end=END)


def _page(people: Any, who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


@pytest.mark.parametrize("who", ["compliance", "analyst", "auditor", "admin", "manager"])
def test_dashboard_roles_read_the_themes(api: Any, run: ThemeRun, who: str) -> None:
    answer = api(who).get("/api/v1/analytics/themes/")
    assert answer.status_code == 200
    assert_shape(ThemesOut, answer.json())
    assert answer.json()["run"]["id"] == run.id
    assert answer.json()["themes"]


@pytest.mark.parametrize("who", ["handler", "outsider", "intake", "approver"])
def test_others_are_refused(api: Any, people: Any, run: ThemeRun, who: str) -> None:
    theme = run.themes.first()
    assert theme is not None
    assert api(who).get("/api/v1/analytics/themes/").status_code == 403
    assert api(who).patch(f"/api/v1/analytics/themes/{theme.id}/", {"name": "x"}, format="json").status_code == 403
    assert _page(people, who).get("/analytics/themes/").status_code == 403
    assert _page(people, who).get(f"/analytics/themes/{theme.id}/").status_code == 403
    assert api(None).get("/api/v1/analytics/themes/").status_code == 401


def test_a_department_manager_sees_their_department_share(api: Any, run: ThemeRun) -> None:
    everyone = {t["id"]: t for t in api("compliance").get("/api/v1/analytics/themes/").json()["themes"]}
    mine = {t["id"]: t for t in api("manager").get("/api/v1/analytics/themes/").json()["themes"]}
    assert mine and set(mine) <= set(everyone)
    assert sum(t["size"] for t in mine.values()) < sum(t["size"] for t in everyone.values())
    # The noise texts have no department: a theme only of them is not the manager's.
    for theme_id, theme in mine.items():
        assert theme["size"] <= everyone[theme_id]["size"]
    hidden = [t for t in Theme.objects.filter(run=run) if t.id not in mine]
    for theme in hidden:
        answer = api("manager").patch(f"/api/v1/analytics/themes/{theme.id}/", {"name": "x"}, format="json")
        assert answer.status_code == 404


def test_no_run_yet(api: Any, people: Any) -> None:
    assert api("analyst").get("/api/v1/analytics/themes/").json() == {"run": None, "themes": []}
    assert api("analyst").get("/api/v1/analytics/themes/?run=999").status_code == 404
    assert _page(people, "analyst").get("/analytics/themes/").status_code == 200


def test_run_on_demand(api: Any, people: Any) -> None:
    planted_corpus(people, start=START, days=28, per_theme=8)
    answer = api("analyst").post(
        "/api/v1/analytics/themes/run/", {"from": "2026-10-05", "to": "2026-11-01"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    assert_shape(ThemesOut, answer.json())
    assert answer.json()["run"]["previous_from"] == "2026-09-07"
    assert ThemeRun.objects.get().created_by == people["analyst"]
    bad = api("analyst").post(
        "/api/v1/analytics/themes/run/", {"from": "2026-10-05", "to": "2026-10-01"}, format="json"
    )
    assert bad.status_code == 400 and "to" in bad.json()["detail"]
    missing = api("analyst").post("/api/v1/analytics/themes/run/", {"to": "2026-10-01"}, format="json")
    assert missing.status_code == 400 and "from" in missing.json()["detail"]
    assert (
        api("auditor")
        .post("/api/v1/analytics/themes/run/", {"from": "2026-10-05", "to": "2026-11-01"}, format="json")
        .status_code
        == 403
    )


def test_name_and_promote(api: Any, run: ThemeRun) -> None:
    theme = run.themes.first()
    assert theme is not None
    assert (
        api("analyst").patch(f"/api/v1/analytics/themes/{theme.id}/", {"name": "x"}, format="json").status_code == 403
    )
    named = api("compliance").patch(
        f"/api/v1/analytics/themes/{theme.id}/", {"name": "Card fraud abroad"}, format="json"
    )
    assert named.status_code == 200
    assert_shape(ThemeOut, named.json())
    assert named.json()["label"] == "Card fraud abroad"
    labels = {"label_zh_hans": "境外盗刷", "label_zh_hant": "境外盜刷", "label_en": "Card fraud abroad"}
    promoted = api("admin").post(
        f"/api/v1/analytics/themes/{theme.id}/promote/", {"code": "fraud_abroad", **labels}, format="json"
    )
    assert promoted.status_code == 200, promoted.json()
    assert promoted.json()["root_cause"] == "fraud_abroad"
    cause = RootCause.objects.get(code="fraud_abroad")
    assert (cause.label_zh_hans, cause.label_zh_hant, cause.label_en) == ("境外盗刷", "境外盜刷", "Card fraud abroad")
    assert codes.label("root_cause", "fraud_abroad", "zh-hant") == "境外盜刷"
    other = run.themes.exclude(pk=theme.pk).first()
    assert other is not None
    again = api("admin").post(
        f"/api/v1/analytics/themes/{other.id}/promote/", {"code": "fraud_abroad", **labels}, format="json"
    )
    assert again.status_code == 400 and "code" in again.json()["detail"]
    no_label = api("admin").post(
        f"/api/v1/analytics/themes/{other.id}/promote/", {"code": "other_cause"}, format="json"
    )
    assert no_label.status_code == 400 and "label_en" in no_label.json()["detail"]
    assert (
        api("analyst").get("/api/v1/analytics/themes/").json()["themes"][0]["root_cause_label"] == "Card fraud abroad"
    )


def test_the_api_examples_hold_no_personal_data(api: Any, run: ThemeRun) -> None:
    themes = api("compliance").get("/api/v1/analytics/themes/").json()["themes"]
    snippets = [e["snippet"] for t in themes for e in t["examples"]]
    assert snippets
    for snippet in snippets:
        assert "⟦" not in snippet  # markers rendered as words
        for value in (*EMAILS, *PHONES, "jane.roe@example.net"):
            assert value not in snippet


def test_the_pages(people: Any, run: ThemeRun) -> None:
    page = _page(people, "compliance").get("/analytics/themes/")
    assert page.status_code == 200
    html = page.content.decode()
    theme = run.themes.get(number=1)
    assert f"/analytics/themes/{theme.id}/" in html
    assert "pricing_fees" not in html and "bank_card" not in html  # labels, never codes
    detail = _page(people, "compliance").get(f"/analytics/themes/{theme.id}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "/complaints/CMP-" in body and "⟦" not in body
    for value in (*EMAILS, *PHONES):
        assert value not in body
    assert 'name="action" value="promote"' in body
    # Named from the page; then promoted.
    client = _page(people, "manager")
    assert client.post(f"/analytics/themes/{theme.id}/", {"action": "name", "name": "Fees"}).status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.named_by) == ("Fees", people["manager"])
    posted = client.post(
        f"/analytics/themes/{theme.id}/",
        {
            "action": "promote",
            "code": "fee_batch",
            "label_zh_hans": "年费",
            "label_zh_hant": "年費",
            "label_en": "Annual fee batch",
        },
    )
    assert posted.status_code == 302
    theme.refresh_from_db()
    assert theme.root_cause == "fee_batch"
    # The auditor reads, without the forms.
    auditor = _page(people, "auditor").get(f"/analytics/themes/{theme.id}/").content.decode()
    assert 'name="action"' not in auditor
    assert (
        _page(people, "auditor").post(f"/analytics/themes/{theme.id}/", {"action": "name", "name": "x"}).status_code
        == 403
    )


def test_run_from_the_page(people: Any) -> None:
    planted_corpus(people, start=START, days=28, per_theme=6)
    client = _page(people, "compliance")
    answer = client.post("/analytics/themes/", {"from": "2026-10-05", "to": "2026-11-01"})
    assert answer.status_code == 302
    run = ThemeRun.objects.get()
    assert answer["Location"].endswith(f"?run={run.id}")
    assert client.get(answer["Location"]).status_code == 200
    assert (
        _page(people, "auditor").post("/analytics/themes/", {"from": "2026-10-05", "to": "2026-11-01"}).status_code
        == 403
    )
