"""My queue (/): the complaints a person works on, filtered, newest first or soonest due, keyset-paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label, person, person_name, user_of
from redress.codes import selectors as codes
from redress.complaints.choices import OPEN_STATUSES, Channel, Status
from redress.complaints.forms import QueueFilterForm
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_list
from redress.complaints.templatetags.complaints_ui import status_group
from redress.complaints.views.due import Due, due_of, local_text, policy_timezones
from redress.core.errors import InvalidInput
from redress.core.presenters import words_list
from redress.privacy.masking import mask_name
from redress.triage.selectors import FLAGS_LABEL, flag_labels

SORT_NEWEST = ""
SORT_DUE = "due"
SORT_CHOICES = [(SORT_NEWEST, _("Newest first")), (SORT_DUE, _("Due soonest"))]
DUE_CHOICES = [
    ("", _("Any deadline")),
    ("overdue", _("Overdue")),
    ("today", _("Due today")),
    ("week", _("Due this week")),
]
_CODE_FILTERS = ("business", "product", "reason", "root_cause")
# Query parameters of the page position, never carried into a new filter.
_PAGING = ("before", "after_due", "after_id")


class QueueForm(QueueFilterForm):
    """The queue's filters, with the deadline views and the board's drill-down (department, handler)."""

    due = forms.ChoiceField(label=_("Deadline"), choices=DUE_CHOICES, required=False, widget=forms.RadioSelect)
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False, widget=forms.RadioSelect)
    department = forms.RegexField(regex=r"^[-\w]+(,[-\w]+)*$", required=False, max_length=200, widget=forms.HiddenInput)
    assignee = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)
    # The dashboard's drill-down: a chart's bar opens the queue with its codes and period.
    business = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    product = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    root_cause = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    channel = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    jurisdiction = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    received_from = forms.DateField(required=False, widget=forms.HiddenInput)
    received_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def _valid_data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def selector_filters(self) -> dict[str, Any]:
        filters = super().selector_filters()
        data = self._valid_data()
        if data.get("due"):
            filters["due"] = data["due"]
        if data.get("sort") == SORT_DUE:
            filters["sort"] = SORT_DUE
        if data.get("department"):
            filters["department"] = data["department"]
        if data.get("assignee") and "assignee" not in filters:
            filters["assignee"] = data["assignee"]
        for name in (*_CODE_FILTERS, "channel", "jurisdiction"):
            if data.get(name):
                filters[name] = data[name]
        for name in ("received_from", "received_to"):
            if data.get(name):
                filters[name] = data[name].isoformat()
        return filters

    @property
    def by_due(self) -> bool:
        return bool(self._valid_data().get("sort") == SORT_DUE)

    def drill_down(self) -> list[tuple[str, str, str]]:
        """The board's narrowing filters in force: (parameter, label, value in words)."""
        data = self._valid_data()
        shown: list[tuple[str, str, str]] = []
        if given := data.get("department"):
            wanted = given.split(",")
            found = {d.code: department_label(d) for d in Department.objects.filter(code__in=wanted)}
            shown.append(("department", str(_("Department")), ", ".join(found.get(c, c) for c in wanted)))
        if (username := data.get("assignee")) and not data.get("mine"):
            handler = User.objects.filter(username=username).first()
            shown.append(("assignee", str(_("Assignee")), person(handler) if handler else username))
        for kind in _CODE_FILTERS:
            if value := data.get(kind):
                words = words_list(codes.label(kind, v) for v in value.split(",") if v)
                shown.append((kind, codes.table_label(kind), words))
        if value := data.get("channel"):
            channels = dict(Channel.choices)
            shown.append(("channel", str(_("Channel")), ", ".join(str(channels.get(v, v)) for v in value.split(","))))
        if value := data.get("jurisdiction"):
            shown.append(("jurisdiction", str(_("Jurisdiction")), value))
        if flags := data.get("flag"):
            shown.append(("flag", str(FLAGS_LABEL), words_list(flag_labels(flags))))
        for name, label in (("received_from", _("Received from")), ("received_to", _("Received to"))):
            if data.get(name):
                shown.append((name, str(label), data[name].isoformat()))
        return shown


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue, every cell a ready string: the template only places them."""

    id: int
    reference: str
    url: str
    urgent: bool
    flags: list[str]  # labels
    received_iso: str
    received_local: str
    status_group: str
    status_label: str
    due: Due | None
    next_due_at: datetime | None
    channel_label: str
    product: str
    customer: str
    assignee: str


# What a row reads: plain values, no model instances (the page's rows are most of its cost).
_ROW_FIELDS = (
    "id",
    "reference",
    "urgent",
    "flags",
    "received_at",
    "status",
    "next_due_at",
    "jurisdiction",
    "channel",
    "product",
    "customer_name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


def default_filters(user: User) -> dict[str, str]:
    """The first view: a handler's own open work, an approver's plans awaiting approval."""
    if user.role == Role.HANDLER:
        return {"mine": "on"}
    if user.role == Role.APPROVER:
        return {"status": Status.RESOLUTION_PROPOSED}
    return {}


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


def _after_due(request: HttpRequest) -> tuple[datetime, int] | None:
    """The keyset of the last row shown when sorted by due date: (next_due_at, id)."""
    after_id = _positive_int(request.GET.get("after_id"))
    try:
        after_due = parse_datetime(request.GET.get("after_due", ""))
    except ValueError:
        return None
    if after_id is None or after_due is None or timezone.is_naive(after_due):
        return None
    return after_due, after_id


def _page(qs: QuerySet[Complaint], request: HttpRequest, by_due: bool) -> tuple[QuerySet[Complaint], bool]:
    """Continue after the last row of the previous page: no OFFSET, no COUNT."""
    if by_due:
        after = _after_due(request)
        if after is None:
            return qs, False
        due, pk = after
        return qs.filter(Q(next_due_at__gt=due) | Q(next_due_at=due, id__gt=pk)), True
    before = _positive_int(request.GET.get("before"))
    if before is None:
        return qs, False
    return qs.filter(id__lt=before), True


URGENT_FIRST = 10


def urgent_first(qs: QuerySet[Complaint]) -> QuerySet[Any]:
    """The open urgent ones among `qs` as row values, soonest deadline first (a partial index keeps this cheap)."""
    urgent = qs.filter(urgent=True, status__in=OPEN_STATUSES)
    return urgent.order_by(F("next_due_at").asc(nulls_last=True), "id").values(*_ROW_FIELDS)[:URGENT_FIRST]


def _rows(values: list[dict[str, Any]], zones: dict[str, str]) -> list[QueueRow]:
    """Queue rows from `_ROW_FIELDS` values; `zones`: the policies' time zones by jurisdiction."""
    now = timezone.now()
    here = timezone.get_current_timezone()
    # Labels and links are worked out once per page, not once per row in the template.
    statuses, channels = dict(Status.choices), dict(Channel.choices)
    detail = reverse("complaints:detail", args=["CMP-00000000-000000"]).replace("CMP-00000000-000000", "{}")
    rows = []
    for v in values:
        received = v["received_at"].astimezone(here)
        status = v["status"]
        first, last = v["assignee__first_name"] or "", v["assignee__last_name"] or ""
        username = v["assignee__username"] or ""
        rows.append(
            QueueRow(
                id=v["id"],
                reference=v["reference"],
                url=detail.format(v["reference"]),
                urgent=v["urgent"],
                flags=flag_labels(v["flags"] or []),
                received_iso=received.isoformat(),
                received_local=local_text(received),
                status_group=status_group(status),
                status_label=str(statuses.get(status, status)),
                due=due_of(v["next_due_at"], now, zones.get(v["jurisdiction"], ""))
                if status in OPEN_STATUSES
                else None,
                next_due_at=v["next_due_at"],
                channel_label=str(channels.get(v["channel"], v["channel"])),
                product=codes.label("product", v["product"] or ""),
                customer=mask_name(v["customer_name"]),
                assignee=person_name(username, first, last),
            )
        )
    return rows


def _listed(form: QueueForm, user: User) -> tuple[QuerySet[Complaint], int]:
    """The complaints the filters select, or none and 400 with the refusal on its field."""
    if form.flag_refused:  # the form's error names the flag it does not know
        return Complaint.objects.none(), 400
    try:
        return complaint_list(user=user, filters=form.selector_filters()), 200
    except InvalidInput as exc:  # a search for personal data by a role that sees it masked
        for message in exc.detail.get("q", []) if isinstance(exc.detail, dict) else [exc.detail]:
            form.add_error("q", str(message))
        return Complaint.objects.none(), 400


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    data = request.GET.copy()
    if "f" not in data:
        data.update(default_filters(user))
    form = QueueForm(data)
    by_due = form.by_due
    listed, status = _listed(form, user)
    qs, paged = _page(listed, request, by_due)
    size = settings.REDRESS_QUEUE_PAGE_SIZE
    # One more than shown tells whether there is a next page, without a COUNT.
    values = list(qs.values(*_ROW_FIELDS)[: size + 1])
    has_next = len(values) > size
    values = values[:size]
    # Urgent open complaints jump the queue: on the first page, they come first, soonest due first.
    pinned = [] if paged or status != 200 else list(urgent_first(listed))
    zones = policy_timezones() if any(v["next_due_at"] for v in [*values, *pinned]) else {}
    page, urgent = _rows(values, zones), _rows(pinned, zones)

    params = QueryDict(mutable=True)
    for key, values in data.lists():  # every value: `flag` may be given more than once
        kept = [value for value in values if value]
        if key not in _PAGING and kept:
            params.setlist(key, kept)
    params["f"] = "1"
    next_params = params.copy()
    if has_next and page:
        last = page[-1]
        if by_due and last.next_due_at is not None:
            next_params["after_due"] = last.next_due_at.isoformat()
            next_params["after_id"] = str(last.id)
        else:
            next_params["before"] = str(last.id)

    def without(key: str) -> str:
        rest = params.copy()
        rest.pop(key, None)
        return rest.urlencode()

    context = {
        "form": form,
        "rows": page,
        "urgent_rows": urgent,
        "by_due": by_due,
        "drill_down": [(key, label, value, without(key)) for key, label, value in form.drill_down()],
        "next_query": next_params.urlencode() if has_next else "",
        "first_query": params.urlencode() if paged else "",
        "paged": paged,
    }
    return render(request, "complaints/queue.html", context, status=status)
