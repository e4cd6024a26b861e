"""Reviews (核查): the managers are told at once, so that someone more senior takes it up."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from redress.accounts.models import Role, User
from redress.complaints.models import Complaint


def review_managers_notify(complaint: Complaint) -> int:
    """An in-app notice to the managers of the complaint's department (all managers when it has none)."""
    from redress.deadlines.models import Notification

    managers = User.objects.filter(is_active=True, role=Role.MANAGER)
    if complaint.department_id:
        managers = managers.filter(Q(department_id=complaint.department_id) | Q(department__isnull=True))
    with override(complaint.language):
        message = _("%(reference)s: the customer asked for a review; assign someone more senior.") % {
            "reference": complaint.reference
        }
    notices = [Notification(user=m, complaint=complaint, kind="review_requested", message=message) for m in managers]
    Notification.objects.bulk_create(notices)
    return len(notices)
