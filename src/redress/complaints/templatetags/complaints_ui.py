"""Template filters of the complaint pages."""

from __future__ import annotations

from django import template

from redress.complaints.choices import Status

register = template.Library()

# Colour groups of the status badges (see redress.css).
_STATUS_GROUPS: dict[str, str] = {
    Status.RECEIVED: "new",
    Status.TRIAGED: "new",
    Status.ASSIGNED: "active",
    Status.INVESTIGATING: "active",
    Status.ON_HOLD: "waiting",
    Status.REVIEW_REQUESTED: "waiting",
    Status.RESOLUTION_PROPOSED: "approval",
    Status.RESOLUTION_APPROVED: "approval",
    Status.CUSTOMER_NOTIFIED: "done",
    Status.CLOSED: "done",
    Status.ARCHIVED: "done",
    Status.WITHDRAWN: "ended",
    Status.DECLINED: "ended",
    Status.MERGED: "ended",
    Status.ENQUIRY: "ended",
}


@register.filter
def status_group(status: str) -> str:
    return _STATUS_GROUPS.get(str(status), "new")
