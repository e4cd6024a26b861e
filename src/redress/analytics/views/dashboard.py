"""The dashboard (/analytics/): the filters, and per chart a drawing (analytics.js), a table and a CSV link.

The page itself reads no chart: analytics.js fetches each chart's endpoint, draws it and fills its table from the
same rows (the columns of `presenters.CHARTS`), so the page answers at once at any size. Without a period asked
for, it shows the last six months (both dates cleared: all time).
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redress.accounts.presenters import user_of
from redress.analytics import selectors
from redress.analytics.filters import CODE_FILTERS, Filters, may_see_analytics, parse_filters
from redress.analytics.presenters import CHARTS, OUTCOME_SERIES, SATISFACTION_SERIES, SPIKES, Chart
from redress.analytics.services import facts_refresh
from redress.analytics.spike_selectors import spike_alerts
from redress.codes import selectors as codes
from redress.complaints.choices import Channel, Jurisdiction
from redress.core.errors import InvalidInput

INTERVAL_CHOICES = [
    ("day", gettext_lazy("Per day")),
    ("week", gettext_lazy("Per week")),
    ("month", gettext_lazy("Per month")),
]


class DashboardForm(forms.Form):
    """The page's filters (GET). Each list takes several codes (none chosen: all), as the API does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        # `from` is a Python keyword, so the fields are added here rather than declared.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=date)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=date)
        self.fields["interval"] = forms.ChoiceField(
            label=_("Volume"), choices=INTERVAL_CHOICES, required=False, initial="month"
        )
        listed: dict[str, tuple[str, list[tuple[str, str]]]] = {
            "jurisdiction": (_("Jurisdiction"), [(str(k), str(v)) for k, v in Jurisdiction.choices]),
            "department": (_("Department"), sorted(selectors.department_names().items(), key=lambda kv: kv[1])),
            "channel": (_("Channel"), [(str(k), str(v)) for k, v in Channel.choices]),
            "business": (codes.table_label("business"), codes.choices("business", blank=False)),
            "product": (codes.table_label("product"), codes.choices("product", blank=False)),
            "reason": (codes.table_label("reason"), codes.choices("reason", blank=False)),
        }
        for name in CODE_FILTERS:
            label, choices = listed[name]
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": min(len(choices), 4) or 1}),
                help_text=_("None chosen: all."),
            )


@dataclass(frozen=True)
class Panel:
    chart: Chart
    endpoint: str
    csv_url: str
    headings: list[str]
    columns_json: str  # the row keys of the table's columns, for analytics.js


def default_period(today: date) -> tuple[date, date]:
    """The last six months: from the same day six months back (the month's last day where it is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - 6, 12)
    month += 1
    return date(year, month, min(today.day, monthrange(year, month)[1])), today


def _query(request: HttpRequest, *, keep: tuple[str, ...]) -> QueryDict:
    params = QueryDict(mutable=True)
    for name in keep:
        if values := [v for v in request.GET.getlist(name) if v]:
            params[name] = ",".join(values)
    return params


def _queue_filter(queue: dict[str, str]) -> dict[str, str]:
    """The queue's query for an alert's series and day, every status."""
    return {
        "f": "1",
        "status": "all",
        queue["parameter"]: queue["value"],
        "received_from": queue["received_from"],
        "received_to": queue["received_to"],
    }


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_see_analytics(user):
        raise PermissionDenied(_("Only managers, compliance, analysts, auditors and administrators see the dashboard."))
    # The facts brought up to date here, so the charts' requests that follow (one after another, and any other
    # tab's) only read: on SQLite two requests that both write would refuse each other.
    facts_refresh()
    asked = "from" in request.GET or "to" in request.GET
    start, end = default_period(timezone.localdate())
    data = request.GET.copy()
    if not asked:
        data.update({"from": start.isoformat(), "to": end.isoformat()})
    data.setdefault("interval", "month")
    form = DashboardForm(data)
    valid = form.is_valid()
    interval = str(request.GET.get("interval") or "month")
    if interval not in ("day", "week", "month"):
        interval = "month"
    try:
        filters = parse_filters(data) if valid else Filters()
    except InvalidInput:
        filters, valid = Filters(), False
    params = _query(request, keep=("from", "to", *CODE_FILTERS)) if valid else QueryDict(mutable=True)
    if valid and not asked:  # after the codes, so a link keeps its filters first
        params.update({"from": start.isoformat(), "to": end.isoformat()})
    panels = []
    for chart in CHARTS:
        query = params.copy()
        if chart.key == "volume":
            query["interval"] = interval
        endpoint = reverse(f"api-analytics-{chart.key}")
        csv = query.copy()
        csv["format"] = "csv"
        panels.append(
            Panel(
                chart=chart,
                endpoint=f"{endpoint}?{query.urlencode()}" if query else endpoint,
                csv_url=f"{endpoint}?{csv.urlencode()}",
                headings=[str(h) for _k, h in chart.columns],
                columns_json=json.dumps([k for k, _h in chart.columns]),
            )
        )
    queue = reverse("complaints:queue")
    alerts = [
        {**a, "queue_url": f"{queue}?{urlencode(_queue_filter(a['queue']))}"}
        for a in spike_alerts(user=user, filters=filters)
    ]
    spikes_query = params.copy()
    spikes_query["format"] = "csv"
    context = {
        "form": form,
        "panels": panels,
        "period_default": valid and not asked,
        "period_start": filters.start,
        "period_end": filters.end,
        "alerts": alerts,
        "spikes_csv_url": f"{reverse('api-analytics-spikes')}?{spikes_query.urlencode()}",
        "spikes_headings": [str(h) for _k, h in SPIKES.columns],
        "queue_url": reverse("complaints:queue"),
        "queue_scope": selectors.scope_department(user),
        "series_labels": {
            "received": _("Received"),
            "closed": _("Closed"),
            "expected": _("Expected"),
            "upper": _("Alert threshold"),
            "alerts": _("Spike alerts"),
            "count": _("Complaints"),
            "cumulative_share": _("Cumulative share (%)"),
            "review_requested": _("Reviews requested"),
            **{key: str(heading) for key, heading in CHARTS[3].columns[1:]},
            **{key: str(label) for key, label in OUTCOME_SERIES},
            **{key: str(label) for key, label in SATISFACTION_SERIES},
        },
    }
    return render(request, "analytics/dashboard.html", context)
