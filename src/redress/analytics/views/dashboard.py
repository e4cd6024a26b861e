"""The dashboard (/analytics/): the filters, and per chart a drawing (analytics.js), a table and a CSV link.

The tables are the same rows the API answers (the same selectors), so the page reads without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redress.accounts.presenters import user_of
from redress.analytics import selectors
from redress.analytics.filters import CODE_FILTERS, Filters, may_see_analytics, parse_filters
from redress.analytics.presenters import CHARTS, OUTCOME_SERIES, SATISFACTION_SERIES, SPIKES, Chart, table, with_band
from redress.analytics.spike_selectors import spike_alerts, volume_head
from redress.codes import selectors as codes
from redress.complaints.choices import Channel, Jurisdiction
from redress.core.errors import InvalidInput

INTERVAL_CHOICES = [("day", _lazy("Per day")), ("week", _lazy("Per week")), ("month", _lazy("Per month"))]


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
    rows: list[list[str]]


def _query(request: HttpRequest, *, keep: tuple[str, ...]) -> QueryDict:
    params = QueryDict(mutable=True)
    for name in keep:
        if values := [v for v in request.GET.getlist(name) if v]:
            params[name] = ",".join(values)
    return params


def _rows(key: str, user: Any, filters: Filters, interval: str) -> list[dict[str, Any]]:
    if key == "volume":
        return selectors.volume(user=user, filters=filters, interval=interval)
    read = {
        "business-reason": selectors.business_reason,
        "pareto": selectors.pareto,
        "timeliness": selectors.timeliness,
        "outcomes": selectors.outcomes,
        "ageing": selectors.ageing,
        "satisfaction": selectors.satisfaction,
    }[key]
    return read(user=user, filters=filters)  # type: ignore[operator]


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
    form = DashboardForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    interval = str(request.GET.get("interval") or "month")
    if interval not in ("day", "week", "month"):
        interval = "month"
    try:
        filters = parse_filters(request.GET) if valid else Filters()
    except InvalidInput:
        filters, valid = Filters(), False
    params = _query(request, keep=("from", "to", *CODE_FILTERS)) if valid else QueryDict(mutable=True)
    panels = []
    for chart in CHARTS:
        query = params.copy()
        if chart.key == "volume":
            query["interval"] = interval
        endpoint = reverse(f"api-analytics-{chart.key}")
        csv = query.copy()
        csv["format"] = "csv"
        rows = _rows(chart.key, user, filters, interval)
        if chart.key == "volume":
            rows = with_band(rows, volume_head(user, filters, interval, rows)["expected"])
        panels.append(
            Panel(
                chart=chart,
                endpoint=f"{endpoint}?{query.urlencode()}" if query else endpoint,
                csv_url=f"{endpoint}?{csv.urlencode()}",
                headings=[str(h) for _k, h in chart.columns],
                rows=table(chart, rows),
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
        "alerts": alerts,
        "spikes_csv_url": f"{reverse('api-analytics-spikes')}?{spikes_query.urlencode()}",
        "spikes_headings": [str(h) for _k, h in SPIKES.columns],
        "queue_url": reverse("complaints:queue"),
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
