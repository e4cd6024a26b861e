"""API: a person's in-app notifications (deadline digests, review requests, urgent complaints)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.core.api import error_responses
from redress.core.errors import InvalidInput
from redress.core.parsing import positive_int
from redress.notifications.api.serializers import (
    MarkedReadOut,
    NotificationsOut,
    NotificationsQuery,
    PreferencesIn,
    PreferencesOut,
)
from redress.notifications.selectors import (
    NOTIFICATIONS_PAGE_MAX,
    email_language_of,
    notifications_page,
    notifications_representation,
    preferences_of,
    unread_count,
)
from redress.notifications.services import notifications_mark_read, preferences_save

if TYPE_CHECKING:
    from redress.accounts.models import User


def _positive(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    number = positive_int(raw)
    if number is None:
        raise InvalidInput({name: [_("A whole number of 1 or more.")]})
    return number


class Notifications(APIView):
    """The caller's notifications, newest first; `unread=1` for the unread only; `before` (an id) pages on."""

    @extend_schema(
        operation_id="notifications_list",
        summary="The caller's notifications, newest first",
        parameters=[NotificationsQuery],
        responses={200: NotificationsOut, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        before = _positive(request, "before", 0)
        limit = min(_positive(request, "limit", 50), NOTIFICATIONS_PAGE_MAX)
        unread_only = request.query_params.get("unread") in ("1", "true")
        page, more = notifications_page(user, before=before, size=limit, unread_only=unread_only)
        following = None
        if more and page:
            params: dict[str, str | int] = {
                k: str(v) for k, v in request.query_params.items() if k not in ("before", "limit")
            }
            following = f"/api/v1/notifications/?{urlencode({**params, 'before': page[-1].pk, 'limit': limit})}"
        return Response(
            {
                "results": notifications_representation(page),
                "next": following,
                "unread": unread_count(user),
            }
        )


class NotificationsRead(APIView):
    """Mark all of the caller's notifications read."""

    @extend_schema(
        operation_id="notifications_mark_read",
        summary="Mark all the caller's notifications read",
        description="Takes no body. Answers how many were marked.",
        request=None,
        responses={200: MarkedReadOut, **error_responses(401)},
    )
    def post(self, request: Request) -> Response:
        return Response({"marked_read": notifications_mark_read(user=user_of(request))})


def _preferences_body(user: User) -> dict[str, Any]:
    return {"preferences": preferences_of(user), "language": email_language_of(user)}


class Preferences(APIView):
    """How the caller hears of each kind of hand-off: in the app and/or by e-mail, and the e-mails' language."""

    @extend_schema(
        operation_id="notification_preferences",
        summary="The caller's notification preferences",
        responses={200: PreferencesOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(_preferences_body(user_of(request)))

    @extend_schema(
        operation_id="notification_preferences_update",
        summary="Change the caller's notification preferences",
        description="The kinds listed are changed; the others keep their setting. Answers all of them.",
        request=PreferencesIn,
        responses={200: PreferencesOut, **error_responses(400, 401)},
    )
    def put(self, request: Request) -> Response:
        user = user_of(request)
        given = PreferencesIn(data=request.data)
        if not given.is_valid():
            raise InvalidInput(given.errors)
        data = given.validated_data
        rows = data.get("preferences", [])
        kinds = [row["kind"] for row in rows]
        if len(set(kinds)) != len(kinds):
            raise InvalidInput({"preferences": [_("Name each kind once.")]})
        preferences_save(
            user=user, choices={r["kind"]: (r["in_app"], r["email"]) for r in rows}, language=data.get("language")
        )
        return Response(_preferences_body(user))
