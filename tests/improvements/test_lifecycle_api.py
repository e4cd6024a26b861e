"""The lifecycle through the API: each step by the role allowed, each refusal by the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redress.accounts.models import User
from redress.improvements.api.serializers import ImprovementDetailOut, ImprovementListOut
from tests.api_shape import assert_shape


def _move(api: Any, who: str, pk: int, **body: Any) -> Any:
    return api(who).post(f"/api/v1/improvements/{pk}/transition/", body, format="json")


def test_it_takes_a_suggestion_from_proposed_to_verified(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    action = suggest("handler", description="The annual fee is charged twice.", reason=["pricing_fees"])
    assert_shape(ImprovementDetailOut, action)
    assert action["status"] == "proposed"
    assert action["department"] == "cards"  # the filer's department
    assert [s["kind"] for s in action["sources"]] == ["suggestion"]
    assert [c["code"] for c in action["codes"]] == ["pricing_fees"]
    assert action["allowed_transitions"] == []  # a handler decides nothing
    pk = action["id"]

    assert _move(api, "handler", pk, to="approved", owner=people["handler"].pk, due_on="2027-01-31").status_code == 403
    refused = _move(api, "manager", pk, to="approved", due_on="2027-01-31")
    assert refused.status_code == 400
    assert "owner" in refused.json()["detail"]
    refused = _move(api, "manager", pk, to="approved", owner=people["handler"].pk)
    assert refused.status_code == 400
    assert "due_on" in refused.json()["detail"]

    approved = _move(api, "manager", pk, to="approved", owner=people["handler"].pk, due_on="2027-01-31")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["owner"] == people["handler"].pk

    assert _move(api, "handler2", pk, to="in_progress").status_code == 403  # not the owner
    assert _move(api, "handler", pk, to="done").status_code == 409  # not started
    assert _move(api, "handler", pk, to="in_progress").json()["status"] == "in_progress"
    done = _move(api, "handler", pk, to="done", went_live_on="2026-12-01", note="Batch job fixed")
    assert done.json()["status"] == "done"
    assert done.json()["went_live_on"] == "2026-12-01"

    assert _move(api, "handler", pk, to="verified").status_code == 403  # an owner does not verify
    assert _move(api, "approver", pk, to="verified").status_code == 403
    verified = _move(api, "compliance", pk, to="verified")
    assert verified.status_code == 200
    body = verified.json()
    assert body["status"] == "verified"
    assert [e["kind"] for e in body["timeline"]] == ["created", "approve", "start", "complete", "verify"]
    assert body["timeline"][3]["data"]["note"] == "Batch job fixed"
    assert body["allowed_transitions"] == []


def test_it_needs_a_reason_to_reject(api: Any, suggest: Callable[..., dict[str, Any]]) -> None:
    pk = suggest("handler")["id"]
    refused = _move(api, "compliance", pk, to="rejected")
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid"
    assert "reason" in refused.json()["detail"]
    rejected = _move(api, "compliance", pk, to="rejected", reason="Already covered by #1")
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["reject_reason"] == "Already covered by #1"
    assert _move(api, "compliance", pk, to="approved").status_code == 409


def test_a_manager_decides_only_for_their_department(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    pk = suggest("outsider", department="loans")["id"]  # a loans handler; the manager is the cards manager
    refused = _move(api, "manager", pk, to="approved", owner=people["outsider"].pk, due_on="2027-01-31")
    assert refused.status_code == 404  # not even seen
    approved = _move(api, "compliance", pk, to="approved", owner=people["outsider"].pk, due_on="2027-01-31")
    assert approved.status_code == 200


def test_a_decider_reassigns_and_the_new_owner_hears_of_it(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    pk = suggest("handler")["id"]
    _move(api, "manager", pk, to="approved", owner=people["handler"].pk, due_on="2027-01-31")
    moved = _move(api, "manager", pk, to="approved", owner=people["handler2"].pk)
    assert moved.status_code == 200
    assert moved.json()["owner"] == people["handler2"].pk
    assert moved.json()["timeline"][-1]["kind"] == "assign_approved"
    assert people["handler2"].notifications.filter(kind="improvement_owner").count() == 1
    assert _move(api, "manager", pk, to="approved").status_code == 400  # nothing to change


def test_row_scope_and_the_list_filters(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    mine = suggest("handler", title="Cards one")["id"]
    theirs = suggest("outsider", title="Loans one", department="loans")["id"]
    assert api("outsider").get(f"/api/v1/improvements/{mine}/").status_code == 404
    listed = api("handler").get("/api/v1/improvements/").json()
    assert_shape(ImprovementListOut, listed)
    assert [r["id"] for r in listed["results"]] == [mine]
    everything = api("auditor").get("/api/v1/improvements/").json()["results"]
    assert {r["id"] for r in everything} == {mine, theirs}
    loans = api("compliance").get("/api/v1/improvements/?department=loans").json()["results"]
    assert [r["id"] for r in loans] == [theirs]
    _move(api, "compliance", theirs, to="approved", owner=people["outsider"].pk, due_on="2020-01-31")
    overdue = api("compliance").get("/api/v1/improvements/?overdue=1").json()["results"]
    assert [(r["id"], r["overdue"]) for r in overdue] == [(theirs, True)]
    owned = api("compliance").get(f"/api/v1/improvements/?owner={people['outsider'].pk}").json()["results"]
    assert [r["id"] for r in owned] == [theirs]
    assert api("compliance").get("/api/v1/improvements/?status=approved").json()["results"][0]["id"] == theirs
    bad = api("compliance").get("/api/v1/improvements/?status=nope")
    assert bad.status_code == 400
    assert "status" in bad.json()["detail"]


def test_anyone_who_sees_it_comments(api: Any, suggest: Callable[..., dict[str, Any]]) -> None:
    pk = suggest("handler")["id"]
    answer = api("handler2").post(f"/api/v1/improvements/{pk}/comment/", {"note": "Seen it too"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["timeline"][-1]["data"] == {"note": "Seen it too"}
    assert api("outsider").post(f"/api/v1/improvements/{pk}/comment/", {"note": "x"}, format="json").status_code == 404


def test_bad_input_names_the_field(api: Any) -> None:
    answer = api("handler").post("/api/v1/improvements/", {"title": "x", "reason": ["no_such"]}, format="json")
    assert answer.status_code == 400
    assert "reason" in answer.json()["detail"]
    answer = api("handler").post("/api/v1/improvements/", {"description": "no title"}, format="json")
    assert "title" in answer.json()["detail"]
    answer = api("handler").post("/api/v1/improvements/?source=spike&ref=999", {"title": "x"}, format="json")
    assert answer.status_code == 400
    assert "ref" in answer.json()["detail"]
    assert api(None).get("/api/v1/improvements/").status_code in (401, 403)
