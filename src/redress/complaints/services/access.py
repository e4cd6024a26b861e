"""Record each view that shows a complaint's personal data unmasked (the access log of the privacy officer).

Called once by every page, API answer and download that hands the data out; nothing is recorded for a reader
who sees it masked, since nothing personal was shown.
"""

from __future__ import annotations

from redress.access.models import AccessBasis, AccessKind
from redress.access.services import access_record
from redress.accounts.models import User
from redress.complaints.models import Complaint
from redress.complaints.selectors import may_see_pii


def complaint_access_record(
    *,
    complaint: Complaint,
    user: User,
    what: AccessKind,
    reason: str = "",
    revealed: bool = False,
    whole: bool = False,
    item: str = "",
) -> bool:
    """One record when `user` is shown the data unmasked (by their duty, or `revealed` with `reason`); whether
    one was written. `whole`: the view shows the data unmasked to any role (a letter's draft): recorded for
    every reader, a masked role's on the duty of the action that needs it."""
    if revealed:
        basis = AccessBasis.REVEAL
    elif not may_see_pii(complaint, user):
        if not whole:
            return False
        basis = AccessBasis.ACTION
    elif complaint.assignee_id is not None and complaint.assignee_id == user.pk:
        basis = AccessBasis.ASSIGNEE
    else:
        basis = AccessBasis.COMPLIANCE
    access_record(user=user, complaint=complaint, what=what, basis=basis, reason=reason, item=item)
    return True
