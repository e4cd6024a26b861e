"""Saving the queue's filters under a name, and deleting them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from redress.accounts.models import Role, User
from redress.complaints.models import SavedView
from redress.core.errors import Forbidden, InvalidInput, NotFound

# Who may share a view with everyone.
SHARING_ROLES = frozenset({Role.MANAGER, Role.ADMIN})
# Query parameters that are a position in the list or a form's token, not a filter.
NOT_FILTERS = ("before", "after", "after_id", "after_due", "csrfmiddlewaretoken", "name", "shared")


def clean_query(query: str) -> str:
    """The filters of a queue's query string, without its page position."""
    params = QueryDict(query.lstrip("?"), mutable=True)
    for key in NOT_FILTERS:
        params.pop(key, None)
    return params.urlencode()[:1000]


def saved_view_create(*, user: User, name: str, query: str, shared: bool = False) -> SavedView:
    name = name.strip()
    if not name:
        raise InvalidInput({"name": [_("Give the view a name.")]})
    if len(name) > 80:
        raise InvalidInput({"name": [_("At most 80 characters.")]})
    if shared and user.role not in SHARING_ROLES:
        raise Forbidden(_("Only managers share views with everyone."), code="role")
    try:
        with transaction.atomic():
            return SavedView.objects.create(owner=user, name=name, query=clean_query(query), shared=shared)
    except IntegrityError as exc:
        raise InvalidInput({"name": [_("You already have a view of this name.")]}) from exc


def saved_view_delete(*, user: User, pk: int) -> None:
    """Only its owner deletes a view."""
    deleted, _rows = SavedView.objects.filter(pk=pk, owner=user).delete()
    if not deleted:
        raise NotFound(_("No saved view of yours with this number."))
