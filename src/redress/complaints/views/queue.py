"""My queue (/): the complaints a person works on, filtered, newest first or soonest due, keyset-paginated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label, person, user_of
from redress.codes import selectors as codes
from redress.complaints.choices import Channel, Status
from redress.complaints.extensions import queue_filters
from redress.complaints.forms import BulkForm, QueueFilterForm
from redress.complaints.models import Complaint
from redress.complaints.ordering import SORTS, after, keyset_value, order_of
from redress.complaints.queue_selectors import quick_counts, saved_views, sees_names
from redress.complaints.selectors import complaint_list, complaint_snippets, is_search
from redress.complaints.services.saved_views import SHARING_ROLES
from redress.complaints.views.due import policy_timezones
from redress.complaints.views.queue_rows import QueueRow, queue_rows, row_values, urgent_first
from redress.core.errors import InvalidInput
from redress.core.presenters import words_list
from redress.triage.selectors import FLAGS_LABEL, flag_labels

SORT_NEWEST = ""
SORT_DUE = "due"
SORT_CHOICES = [(SORT_NEWEST, _("Newest first")), (SORT_DUE, _("Due soonest"))]
# The column headers' orders (not offered as buttons: a header's link toggles its direction).
_COLUMN_SORTS = [(key, key) for key in SORTS if key not in (SORT_NEWEST, SORT_DUE)]
DUE_CHOICES = [
    ("", _("Any deadline")),
    ("overdue", _("Overdue")),
    ("today", _("Due today")),
    ("week", _("Due this week")),
]
_CODE_FILTERS = ("business", "product", "reason", "root_cause")
_DASHBOARD_FILTERS = tuple(name for extra in queue_filters for name in extra.names)
# Query parameters of the page position, never carried into a new filter.
_PAGING = ("before", "after", "after_due", "after_id", "page")


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
    # The dashboard's own (`extensions.queue_filters`): taken as given, checked by the list (a bad one: 400).
    outcome = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    closed_from = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    closed_to = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    timeliness = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    satisfaction = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    review_requested = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)

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
        if data.get("sort"):
            filters["sort"] = data["sort"]
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
        for name in _DASHBOARD_FILTERS:
            if data.get(name):
                filters[name] = data[name]
        return filters

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sort = self.fields["sort"]
        assert isinstance(sort, forms.ChoiceField)
        sort.choices = [*SORT_CHOICES, *_COLUMN_SORTS]

    @property
    def order(self) -> str:
        return str(self._valid_data().get("sort") or "")

    @property
    def by_due(self) -> bool:
        return self.order == SORT_DUE

    def drill_down(self) -> list[tuple[str, str, str]]:
        """The board's narrowing filters in force: (parameter, label, value in words)."""
        data = self._valid_data()
        shown: list[tuple[str, str, str]] = []
        if given := data.get("department"):
            wanted = given.split(",")
            found = {d.code: department_label(d) for d in Department.objects.filter(code__in=wanted)}
            shown.append(("department", str(_("Department")), ", ".join(found.get(c, c) for c in wanted)))
        if data.get("assignee") == "none":
            shown.append(("assignee", str(_("Assignee")), str(_("Unassigned"))))
        elif (username := data.get("assignee")) and not data.get("mine"):
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
        given = {name: data[name] for name in _DASHBOARD_FILTERS if data.get(name)}
        for extra in queue_filters:
            shown.extend(extra.shown(given))
        return shown


def default_filters(user: User) -> dict[str, str]:
    """The first view: a handler's own open work, an approver's plans awaiting approval."""
    if user.role == Role.HANDLER:
        return {"mine": "on"}
    if user.role == Role.APPROVER:
        return {"status": Status.RESOLUTION_PROPOSED}
    return {}


def _search_next(params: QueryDict, number: int) -> str:
    """The query of a search's next page: pages by number (a rank is no key to continue after)."""
    following = params.copy()
    following["page"] = str(number + 1)
    return following.urlencode()


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


def _page(qs: QuerySet[Complaint], request: HttpRequest, sort: str) -> tuple[QuerySet[Complaint], bool]:
    """Continue after the last row of the previous page (its keyset in the query): no OFFSET, no COUNT."""
    order = order_of(sort)
    if order.field == "id":
        before = _positive_int(request.GET.get("before"))
        return (qs, False) if before is None else (after(qs, sort, before, before), True)
    pk = _positive_int(request.GET.get("after_id"))
    value = keyset_value(order, request.GET.get("after") or request.GET.get("after_due"))
    if pk is None or value is None:
        return qs, False
    return after(qs, sort, value, pk), True


def _listed(form: QueueForm, user: User) -> tuple[QuerySet[Complaint], int]:
    """The complaints the filters select, or none and 400 with the refusal on its field."""
    if form.flag_refused:  # the form's error names the flag it does not know
        return Complaint.objects.none(), 400
    try:
        return complaint_list(user=user, filters=form.selector_filters()), 200
    except InvalidInput as exc:  # a search for personal data by a role that sees it masked, a bad dashboard filter
        refused = exc.detail if isinstance(exc.detail, dict) else {"q": [exc.detail]}
        for name, messages in refused.items():
            for message in messages if isinstance(messages, list) else [messages]:
                form.add_error(name if name in form.fields else None, str(message))
        return Complaint.objects.none(), 400


def listed_for(request: HttpRequest, user: User) -> tuple[QuerySet[Complaint], int]:
    """The whole list the page's query selects (every page), and the page's status (400: a refused filter)."""
    form, _data = queue_form(request, user)
    return _listed(form, user)


@dataclass(frozen=True)
class Column:
    """A sortable column header: its link (the other direction when it is the order now) and its aria-sort."""

    key: str
    label: str
    query: str
    aria_sort: str


_COLUMNS = (("reference", _("Reference")), ("received", _("Received at")), ("status", _("Status")), ("due", _("Due")))


def _columns(params: QueryDict, sort: str) -> dict[str, Column]:
    columns = {}
    for key, label in _COLUMNS:
        now = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        # "received" descending is the same list as the default (newest first)
        if key == "received" and sort == SORT_NEWEST:
            now = "descending"
        wanted = f"-{key}" if now == "ascending" else key
        link = params.copy()
        link["sort"] = wanted
        columns[key] = Column(key, str(label), link.urlencode(), now)
    return columns


def _next_query(params: QueryDict, sort: str, last: QueueRow | None) -> str:
    following = params.copy()
    if last is None:
        return ""
    order = order_of(sort)
    if order.field == "id":
        following["before"] = str(last.id)
    else:
        value = getattr(last, order.field)
        if value is None:
            return ""
        following["after"] = value.isoformat() if isinstance(value, datetime) else str(value)
        following["after_id"] = str(last.id)
    return following.urlencode()


def filter_params(data: QueryDict) -> QueryDict:
    """The query of the list as filtered (every value: `flag` may be given more than once), without the page."""
    params = QueryDict(mutable=True)
    for key, values in data.lists():
        kept = [value for value in values if value]
        if key not in _PAGING and kept:
            params.setlist(key, kept)
    params["f"] = "1"
    return params


def queue_form(request: HttpRequest, user: User) -> tuple[QueueForm, QueryDict]:
    data = request.GET.copy()
    if "f" not in data:
        data.update(default_filters(user))
    return QueueForm(data), data


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form, data = queue_form(request, user)
    sort = form.order
    listed, status = _listed(form, user)
    searching = status == 200 and is_search(filters := form.selector_filters())
    number = (_positive_int(request.GET.get("page")) or 1) if searching else 1
    qs, paged = (listed, number > 1) if searching else _page(listed, request, sort)
    size = settings.REDRESS_QUEUE_PAGE_SIZE
    # One more than shown tells whether there is a next page, without a COUNT. A search pages by number.
    start = (number - 1) * size
    values = list(row_values(qs)[start : start + size + 1])
    has_next = len(values) > size
    values = values[:size]
    # Urgent open complaints jump the queue: on the first page, they come first, soonest due first (not in a
    # search's results, which come best match first).
    pinned = [] if paged or searching or status != 200 else list(urgent_first(listed))
    zones = policy_timezones() if any(v["next_due_at"] for v in [*values, *pinned]) else {}
    unmasked = sees_names(user)
    page = queue_rows(values, zones, unmasked=unmasked)
    urgent = queue_rows(pinned, zones, unmasked=unmasked)
    if searching:
        found = complaint_snippets(user=user, ids=[row.id for row in page], q=filters["q"])
        page = [replace(row, match=found.get(row.id)) for row in page]
    counts = quick_counts(user=user, filters=form.selector_filters()) if status == 200 else {}

    params = filter_params(data)

    def without(key: str) -> str:
        rest = params.copy()
        rest.pop(key, None)
        return rest.urlencode()

    def quick(key: str, value: str) -> str:
        link = params.copy()
        for replaced in ("mine", "assignee", "due", "overdue"):
            link.pop(replaced, None)
        link[key] = value
        return link.urlencode()

    mine, shared = saved_views(user)
    context = {
        "form": form,
        "rows": page,
        "urgent_rows": urgent,
        "by_due": form.by_due,
        "sort": sort,
        "columns": _columns(params, sort),
        "counts": counts,
        "quick": [
            (name, str(label), quick(*param), counts.get(name, 0))
            for name, label, param in (
                ("overdue", _("Overdue"), ("due", "overdue")),
                ("today", _("Due today"), ("due", "today")),
                ("week", _("Due this week"), ("due", "week")),
                ("mine", _("Assigned to me"), ("mine", "on")),
                ("unassigned", _("Unassigned"), ("assignee", "none")),
            )
        ]
        if counts
        else [],
        "drill_down": [(key, label, value, without(key)) for key, label, value in form.drill_down()],
        "next_query": _search_next(params, number)
        if searching and has_next
        else _next_query(params, sort, page[-1] if has_next and page else None),
        "first_query": params.urlencode() if paged else "",
        "filter_query": params.urlencode(),
        "paged": paged,
        "bulk_form": BulkForm(user=user),
        "saved_mine": mine,
        "saved_shared": shared,
        "may_share": user.role in SHARING_ROLES,
    }
    return render(request, "complaints/queue.html", context, status=status)
