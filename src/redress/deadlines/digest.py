"""The deadline sweep's e-mail to each person: in that person's language, with a link to each complaint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from redress.core import recipients
from redress.core.presenters import choice_label
from redress.core.recipients import public_link
from redress.deadlines.models import ClockKind

if TYPE_CHECKING:
    from redress.accounts.models import User

# The alert's words by the sweep's event kind.
ALERT_LABELS = {
    "deadline_breached": gettext_lazy("Deadline passed"),
    "deadline_warning": gettext_lazy("Deadline approaching"),
}


def digest_email(user: User, alerts: list[tuple[str, str, str]], count: int) -> tuple[str, str]:
    """(subject, body) of one person's digest: `alerts` are the first (reference, clock kind, event kind)
    listed, `count` how many there were in all (the rest are counted, with a link to the notifications)."""
    with translation.override(recipients.recipient_language(user)):
        subject = ngettext("redress: %(count)d deadline alert", "redress: %(count)d deadline alerts", count) % {
            "count": count
        }
        lines = [_("These complaints need your attention:"), ""]
        for reference, clock, kind in alerts:
            words = f"{choice_label(ClockKind, clock)}: {ALERT_LABELS.get(kind, ALERT_LABELS['deadline_warning'])}"
            lines.append(f"- {reference} · {words}")
            lines.append(f"  {public_link(f'/complaints/{reference}/')}")
        if count > len(alerts):
            more = count - len(alerts)
            lines += ["", _("… and %(count)d more:") % {"count": more}]
            lines.append(f"  {public_link('/notifications/')}")
    return subject, "\n".join(lines) + "\n"
