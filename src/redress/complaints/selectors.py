"""Reads: what the pages and the API show. Every queryset for a person goes through `restrict`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import Role, User
from redress.audit.models import Event
from redress.complaints.choices import CURRENCY_EXPONENT, OPEN_STATUSES, PlanStatus, RedressType, Status
from redress.complaints.extensions import queue_filters
from redress.complaints.models import Complaint, RedressItem, ResolutionPlan, RoutingRule
from redress.complaints.models.complaint import search_part
from redress.complaints.ordering import ordered
from redress.complaints.search.query import RANK, Snippet, search_filter, search_snippets
from redress.complaints.workflow import Actor, Subject, allowed_actions, evaluate
from redress.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput, NotFound
from redress.correspondence.models import LetterKind
from redress.correspondence.rendering import RenderedLetter, letter_draft
from redress.correspondence.selectors import decision_letter_kind
from redress.deadlines.models import Clock
from redress.deadlines.policies import policies, summary_window_open
from redress.deadlines.selectors import filter_due
from redress.deadlines.services import next_extension, next_extension_among
from redress.privacy.blind_index import blind_indexes
from redress.privacy.masking import text_mask
from redress.privacy.scrubber import find as find_personal_data
from redress.triage.flags import flags_asked, ordered_flags, unknown_flags, unknown_flags_message

REFERENCE = re.compile(r"CMP-\d{8}-\d{6,}|CFPB-\d{1,12}")  # CFPB-: imported (services/history.py)
QUEUE_UNSHOWN = (
    "customer_id_number",
    "customer_phone",
    "customer_email",
    "customer_address",
    "description",
    "desired_outcome",
)

# Roles that see personal data unmasked without revealing it (the assignee also does).
UNMASKED_ROLES = frozenset({Role.COMPLIANCE})


def complaint_get(*, user: User, reference: str, action: str = "view") -> Complaint:
    complaint = (
        Complaint.objects.restrict(user, action)
        .select_related("assignee", "department", "named_staff", "merged_into", "registered_by")
        .filter(reference=reference)
        .first()
    )
    if complaint is None:
        raise NotFound(_("No complaint %(reference)s that you may see.") % {"reference": reference})
    return complaint


def complaint_after_action(complaint: Complaint, user: User) -> tuple[Complaint, bool]:
    """The complaint as it is after an action `user` was just allowed to take, read again without the row
    scope, and whether they still see it. The action may have moved it out of their view (an approver of
    another department sees a complaint only while its plan is proposed); the answer to an action is its
    result all the same, shown with the rights the caller had when acting. Never for a complaint the caller
    has not acted on."""
    detail = Complaint.objects.select_related("assignee", "department", "named_staff", "merged_into", "registered_by")
    # Most actions leave the complaint in view: one read through the scope; the unscoped read only when it left.
    found = detail.restrict(user).filter(pk=complaint.pk).first()
    if found is not None:
        return found, True
    return detail.get(pk=complaint.pk), False


def current_plan(complaint: Complaint) -> ResolutionPlan | None:
    return complaint.plans.prefetch_related("items", "approvals__approver").order_by("-version").first()


_UNSET: Any = object()


def complaint_subject(
    complaint: Complaint, plan: ResolutionPlan | None = _UNSET, clocks: Iterable[Clock] | None = None
) -> Subject:
    """What the transition table needs to know. Pass `plan` (even None) and `clocks` when the caller has them."""
    plan = current_plan(complaint) if plan is _UNSET else plan
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
        next_extension_role=_next_extension_role(complaint, clocks),
        summary_resolution_open=summary_window_open(complaint),
    )


def _next_extension_role(complaint: Complaint, clocks: Iterable[Clock] | None = None) -> str | None:
    if not complaint.is_open or complaint.next_due_at is None:
        return None
    found = next_extension(complaint) if clocks is None else next_extension_among(clocks)
    return found[1].approver_role if found else None


def complaint_allowed_actions(
    complaint: Complaint, actor: Actor, plan: ResolutionPlan | None = _UNSET, clocks: Iterable[Clock] | None = None
) -> list[str]:
    """`clocks`: all the complaint's clocks, when the caller has them in memory (no query then)."""
    return allowed_actions(complaint_subject(complaint, plan, clocks), actor)


def is_named(complaint: Complaint, user: User) -> bool:
    """Whether `user` is the member of staff the complaint names (recusal: no action, no unmasked view)."""
    return complaint.named_staff_id is not None and complaint.named_staff_id == user.pk


def may_see_pii(complaint: Complaint, user: User) -> bool:
    if is_named(complaint, user):
        return False
    return user.role in UNMASKED_ROLES or (complaint.assignee_id is not None and complaint.assignee_id == user.pk)


def refuse_if_named(complaint: Complaint, user: User) -> None:
    """Forbidden (`recused`) for the person the complaint names: for the views that hand out its personal data
    whole (evidence files, letters as PDF); the actions refuse them in the table (`workflow.evaluate`)."""
    if is_named(complaint, user):
        raise Forbidden(_("You are named in this complaint and may not handle or approve it."), code="recused")


def refuse_personal_data_search(user: User, q: str) -> None:
    """Invalid (`personal_data_search`, on `q`) when a role that sees personal data masked searches the free
    text for personal data: a match would tell them what the masked text says. The `customer` filter (by blind
    index, exact values) stays open to them."""
    if user.role in UNMASKED_ROLES or not find_personal_data(q):
        return
    raise InvalidInput(
        {
            "q": [
                _(
                    "Searching the complaints' text for personal data is for roles that see personal data. "
                    "To find a customer's complaints, use the customer search (exact phone, email or ID number)."
                )
            ]
        },
        code="personal_data_search",
    )


def refuse_nul(filters: dict[str, Any]) -> None:
    """InvalidInput naming each filter whose value holds a NUL character (PostgreSQL refuses them in text)."""
    bad = {
        key: [_("Null characters are not allowed.")]
        for key, value in filters.items()
        if any("\x00" in str(v) for v in (value if isinstance(value, list) else [value]))
    }
    if bad:
        raise InvalidInput(bad)


def complaint_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Complaint]:
    """The queue. Filters: status (one or comma-separated), assignee (username or "me"), department (codes),
    product, business, reason, root_cause, channel, jurisdiction (codes, comma-separated), received_from and
    received_to (dates, inclusive, each complaint's day in its jurisdiction's time zone, as the dashboard counts
    it), the filters of `extensions.queue_filters` (the dashboard's: outcome, closed_from / closed_to,
    timeliness, satisfaction, review_requested; a bad value is InvalidInput on its name), urgent, open, overdue,
    due (overdue|today|week), q (text; personal data in it only for UNMASKED_ROLES, see
    `refuse_personal_data_search`), customer (exact phone/email/ID), flag (complaints with any of these flags:
    a list, or codes comma-separated; an unknown one is refused, InvalidInput on `flag`);
    sort: one of `ordering.SORTS` (due: the soonest deadline first; with `q` and no sort, the best match first;
    else newest first). `q` is a reference (that complaint) or words: the full-text search (`complaints.search`)
    over the texts, messages, notes, letters and file names; a complaint has every word, its rank in
    `search_rank`. A value with a NUL character is refused (InvalidInput on its name): no database stores one."""
    refuse_nul(filters)
    # A queue row shows only the (masked) name: leave the other ciphertexts and long texts unread.
    qs: QuerySet[Complaint] = (
        Complaint.objects.restrict(user, "view").select_related("assignee", "department").defer(*QUEUE_UNSHOWN)
    )
    if status := filters.get("status"):
        qs = qs.filter(status__in=[s for s in str(status).split(",") if s])
    if filters.get("open") in ("1", "true", True):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if assignee := filters.get("assignee"):
        if assignee == "none":
            qs = qs.filter(assignee__isnull=True)
        else:
            qs = qs.filter(assignee=user) if assignee == "me" else qs.filter(assignee__username=assignee)
    if department := filters.get("department"):
        wanted = [d for d in str(department).split(",") if d]  # the dashboard passes several
        qs = qs.filter(department__isnull=True) if department == "none" else qs.filter(department__code__in=wanted)
    for name in ("product", "business", "reason", "root_cause", "channel", "jurisdiction"):
        if value := filters.get(name):  # the analytics charts open the queue with these
            qs = qs.filter(**{f"{name}__in": [v for v in str(value).split(",") if v]})
    if (received := _received_range(filters)) is not None:
        qs = qs.filter(received)
    for extra in queue_filters:  # the dashboard's: outcome, closed_from/_to, timeliness, satisfaction, …
        if (narrowed := extra.narrow(filters)) is not None:
            qs = qs.filter(narrowed)
    if (urgent := filters.get("urgent")) in ("1", "true", "0", "false"):
        qs = qs.filter(urgent=urgent in ("1", "true"))
    if wanted_flags := flags_asked(filters.get("flag")):
        qs = qs.filter(_any_flag(wanted_flags, connections[qs.db].vendor))
    if customer := str(filters.get("customer") or "").strip():
        qs = qs.filter(
            Q(phone_index__in=blind_indexes("phone", customer))
            | Q(email_index__in=blind_indexes("email", customer))
            | Q(id_number_index__in=blind_indexes("id_number", customer))
        )
    words = ""
    if q := str(filters.get("q") or "").strip():
        if REFERENCE.fullmatch(q.upper()):  # a reference: the unique index, not a scan of the texts
            qs = qs.filter(reference=q.upper())
        else:
            refuse_personal_data_search(user, q)
            words = q
    if filters.get("overdue") in ("1", "true", True):
        qs = filter_due(qs.filter(status__in=OPEN_STATUSES), "overdue")
    if (due := filters.get("due")) in ("overdue", "today", "week"):
        qs = filter_due(qs.filter(status__in=OPEN_STATUSES), str(due))
    if words:  # last: it takes the newest matches of every other filter
        qs = search_filter(qs, words, candidates=settings.REDRESS_SEARCH_CANDIDATES, part=search_part(user))
    if words and not filters.get("sort"):
        return qs.order_by(f"-{RANK}", "-id")
    return ordered(qs, filters.get("sort"))


def is_search(filters: dict[str, Any]) -> bool:
    """Whether `complaint_list` answers `filters` best match first (words in `q`, no sort by due date)."""
    q = str(filters.get("q") or "").strip()
    return bool(q) and not REFERENCE.fullmatch(q.upper()) and not filters.get("sort")


def complaint_snippets(*, user: User, ids: Sequence[int], q: str) -> dict[int, Snippet]:
    """complaint id -> where `q` matched in it, words marked, masked as `user` sees that complaint's texts."""
    return search_snippets(ids, q, lambda c: text_mask(c, unmasked=may_see_pii(c, user)))


def _any_flag(codes: list[str], vendor: str) -> Q:
    """Complaints with any of the flags `codes` (checked: an unknown one is refused, not ignored)."""
    if unknown := unknown_flags(codes):
        raise InvalidInput({"flag": [unknown_flags_message(unknown)]})
    found = Q()
    for code in ordered_flags(codes):
        # PostgreSQL: jsonb containment, which the GIN index on `flags` serves. Elsewhere the stored JSON text
        # holds the code in quotes; flags are plain lower-case words, so the quoted code matches that flag only.
        found |= Q(flags__contains=[code]) if vendor == "postgresql" else Q(flags__icontains=f'"{code}"')
    return found


def _received_range(filters: dict[str, Any]) -> Q | None:
    """received_from / received_to (YYYY-MM-DD, inclusive) as bounds on received_at, each complaint's day taken in
    its jurisdiction's time zone (the server's without a policy), as the dashboard counts it; bad dates are
    ignored."""
    days: list[tuple[str, date]] = []
    for key, lookup, shift in (("received_from", "received_at__gte", 0), ("received_to", "received_at__lt", 1)):
        try:
            days.append((lookup, date.fromisoformat(str(filters.get(key) or "")) + timedelta(days=shift)))
        except ValueError:
            continue
    if not days:
        return None

    def bounds(zone: str) -> dict[str, datetime]:
        return {lookup: datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)) for lookup, day in days}

    zones: dict[str, list[str]] = {}
    for code, (policy, _rules) in policies().items():
        zones.setdefault(policy.timezone, []).append(code)
    zones.pop(settings.TIME_ZONE, None)  # those keep the server's days, as complaints without a policy do
    found = Q(**bounds(settings.TIME_ZONE)) & ~Q(jurisdiction__in=[c for codes in zones.values() for c in codes])
    for zone, codes in sorted(zones.items()):
        found |= Q(jurisdiction__in=sorted(codes), **bounds(zone))
    return found


def complaint_events(*, complaint: Complaint) -> QuerySet[Event]:
    return complaint.events.select_related("actor").order_by("seq")


def redress_totals(*, user: User, start: date, end: date) -> list[dict[str, Any]]:
    """Redress per currency, exact (SQL sums of Decimals): approved in the period, and paid in the period."""
    visible = Complaint.objects.restrict(user, "view").values("id")
    monetary = RedressItem.objects.filter(plan__complaint__in=visible).exclude(type=RedressType.NON_MONETARY)
    approved = (
        monetary.filter(plan__status=PlanStatus.APPROVED, plan__decided_at__date__range=(start, end))
        .values("currency")
        .annotate(total=Sum("amount"), items=Count("id"))
    )
    paid = (
        monetary.filter(paid_on__range=(start, end)).values("currency").annotate(total=Sum("amount"), items=Count("id"))
    )
    rows: dict[str, dict[str, Any]] = {}
    for key, found in (("approved", approved), ("paid", paid)):
        for row in found:
            entry = rows.setdefault(row["currency"], {"currency": row["currency"]})
            # PostgreSQL sums numeric exactly; SQLite goes through binary floating point, so round
            # back to the currency's minor unit (exact for any realistic total).
            unit = Decimal(1).scaleb(-CURRENCY_EXPONENT.get(row["currency"], 2))
            entry[key], entry[f"{key}_items"] = Decimal(row["total"]).quantize(unit), row["items"]
    zero = Decimal("0.00")
    return [
        {"currency": entry["currency"], "approved": zero, "approved_items": 0, "paid": zero, "paid_items": 0, **entry}
        for _, entry in sorted(rows.items())
    ]


# --- Reviews -----------------------------------------------------------------------------


def review_candidates(complaint: Complaint) -> QuerySet[User]:
    """Who may take up a review: active handlers and managers more senior than the first handler, not them,
    not the person named in the complaint; the complaint's department first, then by seniority."""
    floor = complaint.previous_handler.seniority if complaint.previous_handler_id and complaint.previous_handler else 0
    people = (
        User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.MANAGER], seniority__gt=floor)
        .exclude(pk__in=[pk for pk in (complaint.previous_handler_id, complaint.named_staff_id) if pk])
        .select_related("department")
    )
    home = Case(
        When(department_id=complaint.department_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return people.annotate(home=home).order_by("home", "seniority", "username")


def review_eligible(complaint: Complaint, user: User) -> bool:
    return review_candidates(complaint).filter(pk=user.pk).exists()


def decision_letter_draft(complaint: Complaint) -> tuple[RenderedLetter | None, str]:
    """The decision letter the notify form starts from, or why there is none (shown to the handler instead)."""
    try:
        draft = letter_draft(complaint=complaint, plan=current_plan(complaint), kind=decision_letter_kind(complaint))
    except ApplicationError as exc:
        return None, str(exc.detail)
    return draft, ""


def letter_draft_for(*, complaint: Complaint, actor: Actor, kind: str | None = None) -> RenderedLetter:
    """The draft, for whoever may send it now (notify_customer; resolve_summarily for a summary letter)."""
    action = "resolve_summarily" if kind == LetterKind.SUMMARY_RESOLUTION else "notify_customer"
    refusal = evaluate(action, complaint_subject(complaint), actor)
    if refusal is not None:
        error = Forbidden if refusal.kind == "forbidden" else Conflict
        raise error(refusal.detail, code=refusal.code)
    return letter_draft(complaint=complaint, plan=current_plan(complaint), kind=kind or decision_letter_kind(complaint))


# --- What the reports count (the analytics facts read these) -----------------------------------------------

REPEAT_WINDOW = timedelta(days=365)
BLIND_INDEXES = ("phone_index", "email_index", "id_number_index")
REPORT_FIELDS = (
    "id",
    "reference",
    "jurisdiction",
    "department_id",
    "channel",
    "business",
    "product",
    "reason",
    "root_cause",
    "language",
    "status",
    "outcome",
    "received_at",
    "notified_at",
    "closed_at",
    "forwarded_by_regulator",
    "previous_handler_id",
    "satisfaction",
    "updated_at",
)


def complaints_changed_since(after: tuple[datetime, int] | None, limit: int) -> list[tuple[int, datetime]]:
    """(id, updated_at) of the complaints changed after the keyset `after`, oldest change first."""
    qs = Complaint.objects.all()
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(updated_at__gt=at) | Q(updated_at=at, id__gt=pk))
    return list(qs.order_by("updated_at", "id").values_list("id", "updated_at")[:limit])


def _earlier_exists(key: str) -> Case:
    """Whether the same customer (this blind index; a blank one is no one) had a complaint in the year before.
    The CASE keeps a blank key from probing the index at all (every complaint without an email shares it)."""
    others = Complaint.objects.filter(
        **{key: OuterRef(key)},
        received_at__gte=OuterRef("received_at") - REPEAT_WINDOW,
        received_at__lt=OuterRef("received_at"),
    )
    return Case(When(~Q(**{key: ""}), then=Exists(others)), default=Value(False), output_field=BooleanField())


def complaint_report_rows(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The complaints `ids` as the reports count them (`REPORT_FIELDS`, and `repeat`: the same customer
    complained in the year before — answered in the database, one index probe per blind index)."""
    query = (
        Complaint.objects.filter(id__in=ids)
        .annotate(**{f"repeat_{key}": _earlier_exists(key) for key in BLIND_INDEXES})
        .values(*REPORT_FIELDS, *(f"repeat_{key}" for key in BLIND_INDEXES))
    )
    with transaction.atomic(using=query.db):
        if connections[query.db].vendor == "postgresql":
            # The probes' estimated cost makes PostgreSQL compile the query (JIT), which costs more than it runs.
            with connections[query.db].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        rows = list(query)
    for row in rows:
        row["repeat"] = any(row.pop(f"repeat_{key}") for key in BLIND_INDEXES)
    return rows


def approved_redress(ids: Sequence[int]) -> dict[int, tuple[str, Decimal]]:
    """complaint id -> (currency, total) of its approved plan (the latest approved version)."""
    plans = (
        ResolutionPlan.objects.filter(complaint_id__in=ids, status=PlanStatus.APPROVED)
        .order_by("complaint_id", "version")
        .values_list("complaint_id", "currency", "total")
    )
    return {cid: (currency, total) for cid, currency, total in plans}


# The reference of a complaint imported from the CFPB's database: this prefix, then the CFPB's Complaint ID.
CFPB_REFERENCE_PREFIX = "CFPB-"


def published_records(ids: Sequence[int], alias: str) -> dict[int, tuple[dict[str, Any], str]]:
    """complaint id -> (its source record, its description) for the imported complaints among `ids`."""
    found = Complaint.objects.using(alias).filter(id__in=ids).exclude(external={})
    return {pk: (external, text) for pk, external, text in found.values_list("id", "external", "description")}


def consented_narratives(ids: Sequence[int], alias: str) -> dict[int, tuple[str, list[tuple[str, str]]]]:
    """complaint id -> (its description, its personal values to take out of it) for our own complaints among
    `ids` whose customer consented to the narrative being published (imported ones publish their source's)."""
    found = (
        Complaint.objects.using(alias)
        .filter(id__in=ids, narrative_consent=True, external={})
        .select_related("named_staff", "assignee", "previous_handler", "registered_by")
    )
    return {c.pk: (c.description, complaint_personal_values(c)) for c in found}


# --- The texts the themes group (analytics reads these) ------------------------------------------------------

TEXT_FIELDS = ("id", "reference", "description", "desired_outcome", "business", "reason", "department_id")
LONG_TEXT_FIELDS = frozenset({"description", "desired_outcome"})
PERSONAL_FIELDS = (
    ("name", "customer_name"),
    ("id_number", "customer_id_number"),
    ("phone", "customer_phone"),
    ("email", "customer_email"),
    ("address", "customer_address"),
)


def complaint_texts(
    *, received_from: datetime, received_to: datetime, chars: int | None = None, chunk: int = 5000
) -> Iterable[dict[str, Any]]:
    """The texts of the complaints received in [received_from, received_to) (`TEXT_FIELDS`), in id order, read
    `chunk` at a time by keyset so a month of a large institution never sits in memory as model objects; with
    `chars`, only the first `chars` characters of the description and of the desired outcome (cut once
    decrypted: the database holds them encrypted). A complaint merged into another is left out: its text is
    the other's."""
    period = Complaint.objects.filter(received_at__gte=received_from, received_at__lt=received_to)
    # The period's first and last id, from the received_at index: the keyset walks the ids between them, not
    # every complaint received before the period, nor on to the table's end for its last chunk. (`id + 0`: on
    # min(id) PostgreSQL would walk the primary key from its start instead, checking each row's date.)
    plain_id = ExpressionWrapper(F("id") + 0, output_field=BigIntegerField())
    span = period.order_by().aggregate(first=Min(plain_id), last=Max(plain_id))
    if span["first"] is None:
        return
    qs = period.filter(merged_into__isnull=True, id__lte=span["last"]).order_by("id")
    last = span["first"] - 1
    while True:
        rows = list(qs.filter(id__gt=last).values_list(*TEXT_FIELDS)[:chunk])
        for row in rows:
            found = dict(zip(TEXT_FIELDS, row, strict=True))
            if chars is not None:
                found.update({f: found[f][:chars] for f in LONG_TEXT_FIELDS if found[f]})
            yield found
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def customers_personal_values(ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """complaint id -> the customer's (kind, value) pairs, decrypted, to scrub them out of a text quoted elsewhere."""
    fields = [field for _kind, field in PERSONAL_FIELDS]
    found: dict[int, list[tuple[str, str]]] = {}
    for complaint in Complaint.objects.filter(id__in=list(ids)).only("id", *fields):
        found[complaint.id] = [
            (kind, str(getattr(complaint, field) or "")) for kind, field in PERSONAL_FIELDS if getattr(complaint, field)
        ]
    return found


# --- What a teaching case is made from (the case library reads these) ------------------------------------

NOTE_EVENTS = {"add_note": "text", "log_contact": "summary", "approve_resolution": "note"}


def complaint_personal_values(complaint: Complaint) -> list[tuple[str, str]]:
    """(kind, value) of every personal datum the complaint holds, decrypted: its customer's, and the names of the
    people it names (the member of staff complained about, the handlers). For taking them out of texts."""
    values = [
        ("name", complaint.customer_name),
        ("id_number", complaint.customer_id_number),
        ("phone", complaint.customer_phone),
        ("email", complaint.customer_email),
        ("address", complaint.customer_address),
        ("name", complaint.named_staff_text),
    ]
    staff = [complaint.named_staff, complaint.assignee, complaint.previous_handler, complaint.registered_by]
    for person in filter(None, staff):
        full = f"{person.first_name} {person.last_name}".strip()
        values += [("name", full), ("name", person.first_name), ("name", person.last_name)]
    # The customer's name also appears as its parts and without spaces ("Zhang San", "张 三").
    name = complaint.customer_name.strip()
    values += [("name", part) for part in name.split() if len(part) > 1]
    values.append(("name", name.replace(" ", "")))
    # A single character is no one's datum: taking out every "张" or "A" would only garble the texts.
    return [(kind, value.strip()) for kind, value in values if value and len(value.strip()) > 1]


def complaint_case_material(complaint: Complaint) -> dict[str, Any]:
    """What a closed complaint's teaching case is made of, unscrubbed: its texts, its codes, its latest plan's
    summary and redress (type, amount, currency), and the internal notes of its timeline, oldest first."""
    plan = current_plan(complaint)
    notes = [
        str(event.data.get(field) or "")
        for event in complaint.events.filter(kind__in=NOTE_EVENTS).order_by("seq")
        if (field := NOTE_EVENTS[event.kind]) and event.data.get(field)
    ]
    return {
        "description": complaint.description,
        "desired_outcome": complaint.desired_outcome,
        "notes": notes,
        "plan_summary": plan.summary if plan else "",
        "redress": [{"type": item.type, "amount": item.amount, "currency": item.currency} for item in plan.items.all()]
        if plan
        else [],
        "outcome": complaint.outcome or (plan.outcome if plan else ""),
        "business": complaint.business,
        "product": complaint.product,
        "reason": complaint.reason,
        "root_cause": complaint.root_cause,
        "jurisdiction": complaint.jurisdiction,
        "channel": complaint.channel,
        "received_on": timezone.localdate(complaint.received_at),
        "closed_on": timezone.localdate(complaint.closed_at) if complaint.closed_at else None,
    }


def complaint_closed(complaint: Complaint) -> bool:
    """Whether the complaint's handling has ended with a decision (closed, or closed and archived since)."""
    return complaint.status in (Status.CLOSED, Status.ARCHIVED)


def routing_rules(*, active_only: bool = True) -> list[RoutingRule]:
    """The routing rules in the order they apply: priority, then the more specific, then the oldest."""
    rows = RoutingRule.objects.select_related("department")
    if active_only:
        rows = rows.filter(active=True)
    return sorted(rows, key=lambda rule: (rule.priority, -rule.specificity, rule.pk))


def enquiry_counts(
    *,
    department_id: int | None,
    codes: Iterable[tuple[str, Iterable[str]]] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[str, int]]:
    """(channel, count) of the complaints staff converted to enquiries, most first: received from `start` to `end`
    (days in the server's zone, both included), of one department (None: all), within the code filters
    (jurisdiction, department, channel, business, product, reason)."""
    qs = Complaint.objects.filter(status=Status.ENQUIRY)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    for name, values in codes:
        qs = qs.filter(**{"department__code__in" if name == "department" else f"{name}__in": list(values)})
    if start:
        qs = qs.filter(received_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        qs = qs.filter(received_at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))
    rows = qs.order_by().values("channel").annotate(n=Count("*")).order_by("-n", "channel")
    return [(row["channel"], row["n"]) for row in rows]
