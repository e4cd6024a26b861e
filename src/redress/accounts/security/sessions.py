"""Sessions end after REDRESS_SESSION_IDLE_MINUTES without a request and REDRESS_SESSION_MAX_HOURS after sign-in.

The clock is kept in the session itself (seconds since the epoch), so it holds across processes. An
ended session is signed out and the request goes on unsigned: pages send the person to sign in, where
a note says why; the API answers 401 as to anyone not signed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "redress_signed_in_at"
LAST_SEEN = "redress_last_seen"
# The last request's time is written at most this often: not a session write on every request.
_TOUCH_SECONDS = 30


@receiver(user_logged_in, dispatch_uid="redress-session-clock")
def start_session_clock(sender: Any, request: HttpRequest | None, **_: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def session_end_reason(session: Any, now: float) -> str | None:
    """Why this session is over ("idle" or "max"), or None while it may go on."""
    signed_in = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if signed_in is not None and now - float(signed_in) > settings.REDRESS_SESSION_MAX_HOURS * 3600:
        return "max"
    if last_seen is not None and now - float(last_seen) > settings.REDRESS_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            reason = session_end_reason(request.session, now)
            if reason is not None:
                logout(request)
                messages.info(request, self._note(reason))
            else:
                session = request.session
                session.setdefault(SIGNED_IN_AT, int(now))
                if now - float(session.get(LAST_SEEN, 0)) >= _TOUCH_SECONDS:
                    session[LAST_SEEN] = int(now)
        return self.get_response(request)

    @staticmethod
    def _note(reason: str) -> str:
        if reason == "max":
            return _("You were signed out: a session lasts at most %(hours)d hours. Sign in again.") % {
                "hours": settings.REDRESS_SESSION_MAX_HOURS
            }
        return _("You were signed out after %(minutes)d minutes without activity. Sign in again.") % {
            "minutes": settings.REDRESS_SESSION_IDLE_MINUTES
        }
