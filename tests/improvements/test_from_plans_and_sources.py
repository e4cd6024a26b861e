"""Actions made from approved resolution plans, and suggestions that start from a complaint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.improvements.models import ImprovementAction
from redress.improvements.services import improvements_from_plan


def _approved(people: dict[str, User]) -> Complaint:
    complaint = register(by=people["intake"])
    return walk(complaint, "resolution_approved", people, codes={"business": "bank_card", "reason": "pricing_fees"})


def test_each_improvement_line_of_an_approved_plan_becomes_an_approved_action(
    api: Any, people: dict[str, User]
) -> None:
    complaint = _approved(people)
    actions = list(ImprovementAction.objects.all())
    assert len(actions) == 1
    action = actions[0]
    assert action.title == "修复年费批处理重复扣费问题"
    assert action.status == "approved"
    assert action.department_id == complaint.department_id
    assert complaint.department_id == people["manager"].department_id
    assert action.owner == people["manager"]  # the manager of the complaint's department
    assert action.due_on is not None
    assert people["manager"].notifications.filter(kind="improvement_owner").count() == 1
    body = api("compliance").get(f"/api/v1/improvements/{action.pk}/").json()
    assert [(s["kind"], s["ref"], s["link"]) for s in body["sources"]] == [
        ("complaint", complaint.reference, f"/complaints/{complaint.reference}/")
    ]
    assert {(c["kind"], c["code"]) for c in body["codes"]} >= {("business", "bank_card"), ("reason", "pricing_fees")}
    assert body["timeline"][0]["kind"] == "created_from_plan"
    assert body["timeline"][0]["actor"] is None
    # The approval's own event on the complaint names the actions made.
    approval = complaint.events.filter(kind="approve_resolution").get()
    assert approval.data["improvement_actions"] == [action.pk]


def test_with_no_manager_in_the_department_it_awaits_one(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    people["manager"].is_active = False
    people["manager"].save()
    walk(complaint, "resolution_approved", people)
    action = ImprovementAction.objects.get()
    assert (action.status, action.owner, action.due_on) == ("approved", None, None)
    assert api("compliance").get(f"/api/v1/improvements/{action.pk}/").json()["allowed_transitions"] == [
        "approved",  # name the owner
        "in_progress",
    ]


def test_making_them_again_makes_none(people: dict[str, User]) -> None:
    complaint = _approved(people)
    plan = complaint.plans.get()
    assert improvements_from_plan(complaint, plan, people["approver"].pk) == {}
    assert ImprovementAction.objects.count() == 1


def test_the_complaint_page_lists_its_actions(browser: Callable[[str], Any], people: dict[str, User]) -> None:
    complaint = _approved(people)
    action = ImprovementAction.objects.get()
    page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
    assert f"/improvements/{action.pk}/" in page
    assert f"/improvements/new/?source=complaint&amp;ref={complaint.reference}" in page


def test_a_suggestion_from_a_complaint_links_it_and_its_codes(
    api: Any, browser: Callable[[str], Any], people: dict[str, User]
) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people, codes={"business": "bank_card"})
    page = browser("handler").get(f"/improvements/new/?source=complaint&ref={complaint.reference}")
    assert page.status_code == 200
    assert complaint.reference in page.content.decode()
    answer = api("handler").post(
        f"/api/v1/improvements/?source=complaint&ref={complaint.reference}", {"title": "Explain fees"}, format="json"
    )
    assert answer.status_code == 201
    body = answer.json()
    assert [s["kind"] for s in body["sources"]] == ["suggestion", "complaint"]
    assert ("business", "bank_card") in {(c["kind"], c["code"]) for c in body["codes"]}
    # A complaint the person may not see is not a source they can name.
    refused = api("outsider").post(
        "/api/v1/improvements/", {"title": "x", "source": "complaint", "ref": complaint.reference}, format="json"
    )
    assert refused.status_code == 404


def test_an_action_raised_from_a_theme_links_it_and_its_codes(api: Any, browser: Callable[[str], Any]) -> None:
    from datetime import date

    from redress.analytics.models import Theme, ThemeRun

    run = ThemeRun.objects.create(
        period_start=date(2026, 11, 2),
        period_end=date(2026, 11, 29),
        previous_start=date(2026, 10, 5),
        previous_end=date(2026, 11, 1),
    )
    theme = Theme.objects.create(
        run=run,
        number=1,
        terms=[
            {"term": "年费", "hant": "年費", "lang": "zh", "weight": 1.0},
            {"term": "annual fee", "hant": "", "lang": "en", "weight": 0.9},
        ],
        size=40,
        breakdown={"business": {"bank_card": 30, "loans": 10}, "reason": {"pricing_fees": 35}},
        name="Annual fee charged twice",
    )
    page = browser("analyst").get(f"/analytics/themes/{theme.pk}/").content.decode()
    assert f"/improvements/new/?source=theme&amp;ref={theme.pk}" in page
    answer = api("analyst").post(
        f"/api/v1/improvements/?source=theme&ref={theme.pk}", {"title": "Card fees"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    source = answer.json()["sources"][1]
    assert (source["kind"], source["ref"], source["label"]) == ("theme", str(theme.pk), "Annual fee charged twice")
    assert source["link"] == f"/analytics/themes/{theme.pk}/"
    linked = {(c["kind"], c["code"]) for c in answer.json()["codes"]}
    assert linked == {("business", "bank_card"), ("reason", "pricing_fees")}
    missing = api("analyst").post("/api/v1/improvements/?source=theme&ref=999999", {"title": "x"}, format="json")
    assert missing.status_code == 400 and "ref" in missing.json()["detail"]


def test_a_review_finding_longer_than_its_field_is_refused_not_cut(api: Any) -> None:
    finding = "F" * 121
    answer = api("analyst").post(
        f"/api/v1/improvements/?source=review_finding&ref={finding}", {"title": "Audit point"}, format="json"
    )
    assert answer.status_code == 400 and "ref" in answer.json()["detail"]
    kept = api("analyst").post(
        f"/api/v1/improvements/?source=review_finding&ref={finding[:120]}", {"title": "Audit point"}, format="json"
    )
    assert kept.status_code == 201, kept.json()
    assert kept.json()["sources"][-1]["ref"] == finding[:120]


def test_a_suggestion_from_a_spike_alert_links_its_series(api: Any, browser: Callable[[str], Any]) -> None:
    from datetime import date
    from decimal import Decimal

    from redress.analytics.models import SpikeAlert

    alert = SpikeAlert.objects.create(
        day=date(2026, 11, 20),
        dimension="reason",
        key="pricing_fees",
        count=40,
        expected=Decimal("9.5"),
        p_value=0.0001,
        level="red",
    )
    page = browser("manager").get(f"/improvements/new/?source=spike&ref={alert.pk}").content.decode()
    assert "2026-11-20" in page
    answer = api("manager").post(f"/api/v1/improvements/?source=spike&ref={alert.pk}", {"title": "Fees"}, format="json")
    assert answer.status_code == 201
    spike = answer.json()["sources"][1]
    assert spike["kind"] == "spike" and spike["ref"] == str(alert.pk)
    assert "2026-11-20" in spike["label"] and "pricing_fees" not in spike["label"]
    assert [(c["kind"], c["code"]) for c in answer.json()["codes"]] == [("reason", "pricing_fees")]
