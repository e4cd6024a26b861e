"""EXPERIMENT ONLY: the app with the fixes proposed in bench/README.md applied by monkeypatching,
so their effect can be measured before anyone changes src/. Not used by the normal runs.

    .venv/bin/python bench/register_load.py --app fixes_wsgi:application
    .venv/bin/python bench/queue_1m.py --reuse --app fixes_wsgi:application

BENCH_FIXES (comma-separated, default all): by_key, plan, event, defer.
  by_key  complaint_register: no Idempotency-Key lookup before the INSERT; the unique
          constraint complaint_idempotency_key_unique and the existing IntegrityError
          branch answer a replay (services/registration.py).
  plan    complaint_subject / complaint_allowed_actions: a plan of None that the caller
          passes means "no plan"; only an omitted plan is looked up (selectors.py), so
          complaint_detail runs current_plan once, not twice, when there is no plan.
  event   event_append: the first event of a complaint just created needs no
          "SELECT seq, hash ... ORDER BY seq DESC LIMIT 1" (audit/services.py).
  defer   complaint_list: defer the columns the queue row never shows (four of the five
          ciphertexts, description, desired_outcome), so a page does not decrypt 4 x 50
          values it throws away (selectors.py).
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

FIXES = {f.strip() for f in os.environ.get("BENCH_FIXES", "by_key,plan,event,defer").split(",") if f.strip()}

from django.db import IntegrityError, transaction  # noqa: E402

from redress.audit import services as audit_services  # noqa: E402
from redress.audit.chain import event_hash, normalize_data  # noqa: E402
from redress.audit.models import GENESIS, Event  # noqa: E402
from redress.complaints import selectors  # noqa: E402
from redress.complaints.api import views as api_views  # noqa: E402
from redress.complaints.services import registration  # noqa: E402
from redress.complaints.workflow import allowed_actions  # noqa: E402

_UNSET: Any = object()

if "by_key" in FIXES:

    def complaint_register(
        *,
        registration: Any,
        actor: Any,
        registered_by: Any = None,
        idempotency_key: str | None = None,
    ) -> Any:
        fingerprint = registration.fingerprint()
        try:
            with transaction.atomic():
                return _reg._create(registration, actor, registered_by, idempotency_key, fingerprint), True
        except IntegrityError:
            if idempotency_key:
                existing = _reg._by_key(registered_by, idempotency_key, fingerprint)
                if existing is not None:
                    return existing, False
            raise

    _reg = registration
    registration.complaint_register = complaint_register
    api_views.complaint_register = complaint_register

# Written against commit 7db86e0: the "plan" fix rebuilds Subject and must not run on code whose
# Subject has grown fields (it would drop them).
from redress.complaints.workflow import Subject as _Subject  # noqa: E402

_KNOWN = {
    "status",
    "assignee_id",
    "department_id",
    "named_staff_ids",
    "proposer_id",
    "plan_total",
    "plan_currency",
    "approvals",
    "approvals_required",
    "compliance_required",
    "review_window_open",
}
if "plan" in FIXES and set(_Subject.__dataclass_fields__) != _KNOWN:
    import warnings

    warnings.warn("fixes_wsgi: Subject changed since 7db86e0; the 'plan' fix is not applied", stacklevel=1)
    FIXES.discard("plan")

if "plan" in FIXES:

    def complaint_subject(complaint: Any, plan: Any = _UNSET) -> Any:
        return _orig_subject(complaint, selectors.current_plan(complaint) if plan is _UNSET else plan)

    def _subject_given(complaint: Any, plan: Any) -> Any:
        from django.utils import timezone

        from redress.complaints.choices import PlanStatus
        from redress.complaints.workflow import Subject

        proposed = plan is not None and plan.status == PlanStatus.PROPOSED
        window = complaint.review_window_ends_at
        return Subject(
            status=complaint.status,
            assignee_id=complaint.assignee_id,
            department_id=complaint.department_id,
            named_staff_ids=frozenset({complaint.named_staff_id} if complaint.named_staff_id else ()),
            proposer_id=plan.proposed_by_id if plan and proposed else None,
            plan_total=plan.total if plan and proposed else None,
            plan_currency=plan.currency if plan and proposed else None,
            approvals=tuple((a.approver_id, a.role) for a in plan.approvals.all()) if plan and proposed else (),
            approvals_required=plan.approvals_required if plan and proposed else 1,
            compliance_required=plan.compliance_required if plan and proposed else False,
            review_window_open=window is None or timezone.now() < window,
        )

    def complaint_allowed_actions(complaint: Any, actor: Any, plan: Any = _UNSET) -> list[str]:
        return allowed_actions(complaint_subject(complaint, plan), actor)

    _orig_subject = _subject_given
    selectors.complaint_subject = complaint_subject
    selectors.complaint_allowed_actions = complaint_allowed_actions
    from redress.complaints.api import serializers as api_serializers
    from redress.complaints.services import actions as action_services

    api_serializers.complaint_allowed_actions = complaint_allowed_actions
    action_services.complaint_subject = complaint_subject

if "event" in FIXES:
    _orig_append = audit_services.event_append

    def event_append(*, complaint: Any, kind: str, actor: Any, data: dict[str, Any]) -> Any:
        if kind != "registered":
            return _orig_append(complaint=complaint, kind=kind, actor=actor, data=data)
        from django.utils import timezone

        created_at = timezone.now()
        clean = normalize_data(data)
        digest = event_hash(
            prev_hash=GENESIS,
            reference=complaint.reference,
            seq=1,
            kind=kind,
            actor_kind=actor.kind,
            actor_id=actor.user_id,
            created_at=created_at,
            data=clean,
        )
        return Event.objects.create(
            complaint=complaint,
            seq=1,
            kind=kind,
            actor_kind=actor.kind,
            actor_id=actor.user_id,
            data=clean,
            created_at=created_at,
            prev_hash=GENESIS,
            hash=digest,
        )

    registration.event_append = event_append

if "defer" in FIXES:
    _orig_list = selectors.complaint_list

    def complaint_list(*, user: Any, filters: dict[str, Any]) -> Any:
        return _orig_list(user=user, filters=filters).defer(
            "customer_id_number",
            "customer_phone",
            "customer_email",
            "customer_address",
            "description",
            "desired_outcome",
        )

    selectors.complaint_list = complaint_list
    api_views.complaint_list = complaint_list
