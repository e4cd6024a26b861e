"""The customer's consent to publishing their narrative (personal data removed) in complaint statistics.

Given at registration (`Registration.narrative_consent`, on the registration event); withdrawn here, on the
timeline as `narrative_consent_withdrawn`. From then on the us-cfpb return leaves the narrative empty.
"""

from __future__ import annotations

from django.db import transaction

from redress.audit.services import event_append
from redress.complaints.models import Complaint
from redress.complaints.workflow import Actor


def narrative_consent_withdraw(*, complaint: Complaint, actor: Actor) -> bool:
    """Withdraw the consent; False (and nothing on the timeline) when there was none to withdraw."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        if not locked.narrative_consent:
            return False
        locked.narrative_consent = False
        locked.save(update_fields=["narrative_consent"])
        event_append(complaint=locked, kind="narrative_consent_withdrawn", actor=actor, data={})
    complaint.narrative_consent = False
    return True
