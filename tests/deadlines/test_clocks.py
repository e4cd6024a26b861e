"""Every complaint knows its deadlines: started from received_at, paused, extended, met, swept."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from redress.accounts.models import User
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.correspondence.models import Letter, OutboxMessage
from redress.deadlines.api.serializers import BoardOut
from redress.deadlines.models import CUSTOMER_CLOCK_STATES, Clock, ClockState, Policy
from redress.deadlines.sweep import sweep
from redress.notifications.models import Notification
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")


def clocks(api: Any, who: str, complaint: Complaint) -> dict[str, dict[str, Any]]:
    body = api(who).get(f"/api/v1/complaints/{complaint.reference}/").json()
    return {c["kind"]: c for c in body["deadlines"]}


def post(api: Any, who: str, complaint: Complaint, action: str, body: dict[str, Any] | None = None) -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/{action}/", body or {}, format="json")


def test_a_new_institution_gets_the_seed_policies() -> None:
    codes = set(Policy.objects.values_list("code", flat=True))
    assert codes == {"CN-NFRA", "CN-PBOC", "UK-FCA", "UK-FCA-PSD", "US-CFPB", "TW-FSC", "HK-HKMA"}
    rule = Policy.objects.get(code="CN-NFRA").rules.get(kind="decision")
    assert (rule.amount, rule.unit, rule.pause_reasons) == (15, "calendar_days", ["external_appraisal"])
    assert [(s.total_amount, s.approver_role) for s in rule.extensions.all()] == [(30, "manager"), (60, "compliance")]


def test_clocks_start_from_received_at_and_end_at_the_end_of_the_local_day(api: Any, people: dict[str, User]) -> None:
    received = datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
    complaint = register(by=people["intake"], received_at=received, jurisdiction="CN-NFRA")
    decision = clocks(api, "manager", complaint)["decision"]
    assert decision["state"] == "running"
    assert decision["started_at"] == "2026-11-20T09:30:00+08:00"
    assert decision["due_at"] == "2026-12-05T23:59:59.999999+08:00"
    assert decision["warn_at"] == "2026-12-02T23:59:59.999999+08:00"
    assert decision["regulatory"] is True
    assert isinstance(decision["days_left"], int)
    assert Complaint.objects.get(pk=complaint.pk).next_due_at is not None


def test_uk_clocks_count_business_days_and_the_acknowledgement_is_met_on_registration(
    api: Any, people: dict[str, User]
) -> None:
    received = datetime(2025, 12, 23, 10, 0, tzinfo=LONDON)
    complaint = register(by=people["intake"], received_at=received, jurisdiction="UK-FCA", language="en")
    found = Clock.objects.filter(complaint=complaint)
    by_kind = {c.kind: c for c in found}
    assert set(by_kind) == {"acknowledgement", "summary_resolution", "decision", "assignment", "first_contact"}
    # Registered today for a complaint received last December: acknowledged, but late.
    assert by_kind["acknowledgement"].met_at is not None and by_kind["acknowledgement"].state == "breached"
    fresh = register(by=people["intake"], jurisdiction="UK-FCA", language="en")
    assert Clock.objects.get(complaint=fresh, kind="acknowledgement").state == "met"
    # 3rd business day after Tue 23 Dec 2025 in England: 24th, (25th Christmas, 26th Boxing Day, weekend) 29th, 30th.
    assert timezone.localtime(by_kind["summary_resolution"].due_at, LONDON).date().isoformat() == "2025-12-30"
    assert timezone.localtime(by_kind["decision"].due_at, LONDON).date().isoformat() == "2026-02-17"
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert complaint.reference in ack.body and "17 February 2026" in ack.body  # dates as the reader writes them


def test_assignment_and_first_contact_meet_their_internal_clocks(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    assert Clock.objects.get(complaint=complaint, kind="assignment").state in ("met", "breached")
    assert Clock.objects.get(complaint=complaint, kind="first_contact").met_at is None
    act(complaint, "log_contact", by=people["handler"], payload={"channel": "phone", "summary": "已联系客户"})
    assert Clock.objects.get(complaint=complaint, kind="first_contact").met_at is not None


def test_hold_pauses_only_the_clocks_that_honour_the_reason(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    before = Clock.objects.get(complaint=complaint, kind="decision").due_at
    response = post(api, "handler", complaint, "hold", {"reason": "送司法鉴定", "pause_reason": "external_appraisal"})
    assert response.status_code == 200
    assert Clock.objects.get(complaint=complaint, kind="decision").state == "paused"
    assert Clock.objects.get(complaint=complaint, kind="first_contact").state == "running"
    Clock.objects.filter(complaint=complaint, kind="decision").update(paused_at=timezone.now() - timedelta(days=4))
    post(api, "handler", complaint, "resume")
    decision = Clock.objects.get(complaint=complaint, kind="decision")
    assert decision.state == "running" and decision.paused_units == 4
    assert decision.due_at == before + timedelta(days=4)
    assert Event.objects.filter(complaint=complaint, kind="resume").get().data["clocks"] == {"resumed": ["decision"]}


def test_uk_regulatory_clocks_do_not_pause(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"], jurisdiction="UK-FCA"), "investigating", people)
    post(api, "handler", complaint, "hold", {"reason": "awaiting documents", "pause_reason": "external_appraisal"})
    assert Clock.objects.get(complaint=complaint, kind="decision").state == "running"
    post(api, "handler", complaint, "resume")
    post(api, "handler", complaint, "hold", {"reason": "customer to call back", "pause_reason": "awaiting_customer"})
    states = dict(Clock.objects.filter(complaint=complaint).values_list("kind", "state"))
    assert states["first_contact"] == "paused" and states["decision"] == "running"


def test_extensions_follow_the_policy_steps_and_roles(
    api: Any, people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    started = Clock.objects.get(complaint=complaint, kind="decision").started_at
    assert post(api, "handler", complaint, "extend_deadline", {"reason": "x"}).status_code == 403
    assert post(api, "manager", complaint, "extend_deadline", {}).status_code == 400
    first = post(api, "manager", complaint, "extend_deadline", {"reason": "案情复杂，需调取多方记录"})
    assert first.status_code == 200
    due = timezone.localtime(Clock.objects.get(complaint=complaint, kind="decision").due_at, SHANGHAI).date()
    assert due == (timezone.localtime(started, SHANGHAI) + timedelta(days=30)).date()
    second = post(api, "manager", complaint, "extend_deadline", {"reason": "y"})
    assert second.status_code == 403 and second.json()["error"] == "extension_role"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(api, "compliance", complaint, "extend_deadline", {"reason": "特别复杂"}).status_code == 200
    assert Clock.objects.get(complaint=complaint, kind="decision").amount == 60
    third = post(api, "compliance", complaint, "extend_deadline", {"reason": "z"})
    assert third.status_code == 409 and third.json()["error"] == "no_extension"
    notices = Letter.objects.filter(complaint=complaint, kind="extension")
    assert notices.count() == 2 and "特别复杂" in notices.last().body  # type: ignore[union-attr]
    event = Event.objects.filter(complaint=complaint, kind="extend_deadline").last()
    assert event is not None and event.data["step"] == 2 and event.data["approved_as"] == "compliance"


def test_the_decision_clock_is_met_by_notifying_and_the_review_clock_starts_on_request(
    api: Any, people: dict[str, User]
) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    assert Clock.objects.get(complaint=complaint, kind="decision").state == "met"
    assert not Clock.objects.filter(complaint=complaint, kind="review").exists()
    post(api, "intake", complaint, "request_review", {"reason": "客户不满意"})
    review = Clock.objects.get(complaint=complaint, kind="review")
    assert review.state == "running" and review.amount == 30


def test_the_sweep_warns_and_breaches_once_and_escalates(api: Any, people: dict[str, User]) -> None:
    late = walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)), "assigned", people)
    soon = walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=13)), "assigned", people)
    fine = register(by=people["intake"])
    first = sweep()
    assert Clock.objects.get(complaint=late, kind="decision").state == "breached"
    assert Clock.objects.get(complaint=soon, kind="decision").warned_at is not None
    assert Clock.objects.get(complaint=fine, kind="decision").warned_at is None
    assert first.breached >= 1 and first.warned >= 1
    events = Event.objects.filter(complaint=late, kind="deadline_breached")
    assert "decision" in [e.data["clock"] for e in events]
    recipients = {
        n.user.username
        for n in Notification.objects.filter(kind="deadline_breached").select_related("user")
        if [late.reference, "decision"] in n.items
    }
    assert {"handler", "manager"} <= recipients
    assert any("deadline" in m.subject for m in OutboxMessage.objects.all())
    counts = (Event.objects.count(), Notification.objects.count())
    again = sweep()
    assert (again.warned, again.breached) == (0, 0)
    assert (Event.objects.count(), Notification.objects.count()) == counts
    assert verify_audit().ok


def test_the_queue_filters_overdue_and_sorts_by_the_soonest_deadline(api: Any, people: dict[str, User]) -> None:
    old = register(by=people["intake"], received_at=timezone.now() - timedelta(days=20))
    new = register(by=people["intake"])
    mid = register(by=people["intake"], received_at=timezone.now() - timedelta(days=5))
    client = api("manager")
    overdue = client.get("/api/v1/complaints/", {"overdue": "1"}).json()["results"]
    assert [r["reference"] for r in overdue] == [old.reference]
    by_due = client.get("/api/v1/complaints/", {"sort": "due"}).json()["results"]
    assert [r["reference"] for r in by_due] == [old.reference, mid.reference, new.reference]
    assert by_due[0]["next_due_at"] is not None


def test_the_board_counts_by_department_and_handler(api: Any, people: dict[str, User]) -> None:
    walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)), "assigned", people)
    walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=14)), "assigned", people)
    body = api("manager").get("/api/v1/deadlines/board/").json()
    assert_shape(BoardOut, body)
    handler = next(row for row in body["by_handler"] if row["assignee"] == "handler")
    assert handler["overdue"] >= 1 and handler["week"] >= 1
    department = next(row for row in body["by_department"] if row["department"] == "cards")
    assert department["overdue"] >= 1
    assert api("outsider").get("/api/v1/deadlines/board/").json()["by_handler"] == []


def test_the_sla_command_runs_the_sweep(people: dict[str, User], capsys: Any) -> None:
    register(by=people["intake"], received_at=timezone.now() - timedelta(days=20))
    call_command("sla", "sweep")
    assert "breached" in capsys.readouterr().out


def test_the_uk_summary_resolution_window_passes_without_alerting(people: dict[str, User]) -> None:
    complaint = walk(
        register(by=people["intake"], jurisdiction="UK-FCA", received_at=timezone.now() - timedelta(days=6)),
        "assigned",
        people,
    )
    sweep()
    assert Clock.objects.get(complaint=complaint, kind="summary_resolution").state == "breached"
    alerted = [item for n in Notification.objects.filter(kind__startswith="deadline_") for item in n.items]
    assert [complaint.reference, "summary_resolution"] not in alerted
    messages = Notification.objects.filter(kind__startswith="deadline_").values_list("message", flat=True)
    assert not any("summary_resolution" in message for message in messages)


def test_every_clock_state_has_the_staffs_words_and_the_customers() -> None:
    with translation.override("en"):
        staff = {state: str(state.label) for state in ClockState}
        customer = {state: str(CUSTOMER_CLOCK_STATES[state]) for state in ClockState}
    assert staff == {"running": "running", "paused": "paused", "met": "met", "breached": "breached"}
    assert customer == {"running": "In progress", "paused": "Paused", "met": "Met", "breached": "Overdue"}
    with translation.override("zh-hans"):
        assert [str(CUSTOMER_CLOCK_STATES[state]) for state in ClockState] == [
            "进行中",
            "暂停计时",
            "按时完成",
            "已超时",
        ]
