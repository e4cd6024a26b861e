"""Recusal: a member of staff named in a complaint may take no action on it and see none of its personal data.

Handlers and approvers do not even see such a complaint (the row scope hides it: 404); the roles that see every
complaint see it masked and are refused every action and every unmasked view with 403 `recused`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from redress.accounts.models import Role, User
from redress.audit.models import Event
from redress.complaints.actions import specs
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, register, walk
from redress.complaints.models import Complaint, Evidence
from redress.complaints.workflow import ASSIGNEE, Actor, Subject, evaluate
from redress.correspondence.models import Letter

# The persona who plays each staff role of the table (the assignee: the handler the happy path assigns).
PLAYER = {
    ASSIGNEE: "handler",
    Role.INTAKE_AGENT: "intake",
    Role.HANDLER: "handler2",
    Role.APPROVER: "approver",
    Role.COMPLIANCE: "compliance",
    Role.MANAGER: "manager",
    Role.AUDITOR: "auditor",
    Role.ANALYST: "analyst",
    Role.ADMIN: "admin",
}
# Roles whose row scope shows them every complaint, those they are named in too.
SEE_ALL = {Role.INTAKE_AGENT, Role.MANAGER, Role.COMPLIANCE, Role.AUDITOR, Role.ANALYST, Role.ADMIN}

STAFF_ROLES = [(spec.name, role) for spec in specs() for role in sorted(spec.rule.roles) if role in PLAYER]


def test_the_parametrization_covers_the_whole_table() -> None:
    assert {name for name, _ in STAFF_ROLES} == {spec.name for spec in specs()}
    assert {role for _, role in STAFF_ROLES} <= set(PLAYER)


@pytest.mark.parametrize(("action", "role"), STAFF_ROLES)
def test_the_table_refuses_every_staff_action_to_a_person_named(action: str, role: str) -> None:
    spec = next(s for s in specs() if s.name == action)
    for state in spec.rule.sources:
        subject = Subject(status=state, assignee_id=7, department_id=1, named_staff_ids=frozenset({7}))
        actor = Actor(kind="staff", user_id=7, role=Role.HANDLER if role == ASSIGNEE else role, department_id=1)
        refusal = evaluate(action, subject, actor)
        assert refusal is not None and (refusal.kind, refusal.code) == ("forbidden", "recused"), (action, role, state)


def _named(people: dict[str, User], who: str, status: str) -> Complaint:
    """A complaint assigned to the handler, then naming `who`, put in `status` (as if it had got there)."""
    complaint = walk(register(by=people["intake"]), "assigned", people)
    Complaint.objects.filter(pk=complaint.pk).update(named_staff=people[who], status=status)
    return Complaint.objects.get(pk=complaint.pk)


def _kinds(complaint: Complaint) -> list[str]:
    return list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), STAFF_ROLES)
def test_the_api_refuses_every_action_to_a_person_named(
    api: Any, people: dict[str, User], action: str, role: str
) -> None:
    spec = next(s for s in specs() if s.name == action)
    who = PLAYER[role]
    complaint = _named(people, who, sorted(spec.rule.sources)[0])
    before = _kinds(complaint)
    base = f"/api/v1/complaints/{complaint.reference}/"
    if action == "add_evidence":
        upload = SimpleUploadedFile("s.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
        response = api(who).post(f"{base}attachments/", {"file": upload}, format="multipart")
    elif action == "export":
        response = api(who).post(f"{base}export/", {"reason": "audit"}, format="json")
    else:
        response = api(who).post(f"{base}actions/{action}/", {}, format="json")
    if role in SEE_ALL:
        assert response.status_code == 403, (action, role, response.status_code)
        assert response.json()["error"] == "recused"
    else:
        assert response.status_code == 404, (action, role, response.status_code)
    assert _kinds(complaint) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["compliance", "manager", "intake", "auditor"])
def test_a_person_named_sees_the_complaint_masked(api: Any, people: dict[str, User], who: str) -> None:
    complaint = _named(people, who, "investigating")
    body = api(who).get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert body["customer"]["phone"] != SAMPLE_CUSTOMER.phone
    assert body["customer"]["id_number"] != SAMPLE_CUSTOMER.id_number
    assert body["allowed_actions"] == []
    client = Client()
    client.force_login(people[who])
    page = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert SAMPLE_CUSTOMER.phone not in page and SAMPLE_CUSTOMER.id_number not in page


@pytest.mark.django_db
def test_a_person_named_may_not_download_evidence_or_letters(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile("s.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
    base = f"/api/v1/complaints/{complaint.reference}/"
    assert api("handler").post(f"{base}attachments/", {"file": upload}, format="multipart").status_code == 201
    evidence = Evidence.objects.get(complaint=complaint)
    letter = Letter.objects.filter(complaint=complaint).first()
    assert letter is not None
    for who in ("compliance", "manager"):
        Complaint.objects.filter(pk=complaint.pk).update(named_staff=people[who])
        client = Client()
        client.force_login(people[who])
        assert client.get(f"/complaints/{complaint.reference}/evidence/{evidence.pk}/").status_code == 403
        assert client.get(f"/complaints/{complaint.reference}/letters/{letter.pk}/pdf/").status_code == 403
        response = api(who).get(f"{base}letters/{letter.pk}/pdf/")
        assert response.status_code == 403 and response.json()["error"] == "recused"
    Complaint.objects.filter(pk=complaint.pk).update(named_staff=None)
    client = Client()
    client.force_login(people["compliance"])
    assert client.get(f"/complaints/{complaint.reference}/evidence/{evidence.pk}/").status_code == 200
    # Not named, the manager sees personal data masked: a PDF, which cannot be masked, is still refused.
    client.force_login(people["manager"])
    refused = client.get(f"/complaints/{complaint.reference}/evidence/{evidence.pk}/")
    assert refused.status_code == 403 and refused.json()["error"] == "evidence_masked"
