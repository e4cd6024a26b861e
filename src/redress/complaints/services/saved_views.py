"""Saving the queue's filters under a name, changing a saved view (name, filters, shared or not), deleting it."""

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


def _name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput({"name": [_("Give the view a name.")]})
    if len(name) > 80:
        raise InvalidInput({"name": [_("At most 80 characters.")]})
    return name


def _may_share(user: User) -> None:
    if user.role not in SHARING_ROLES:
        raise Forbidden(_("Only managers share views with everyone."), code="role")


def _kept(view: SavedView, *, create: bool) -> SavedView:
    try:
        with transaction.atomic():
            if create:
                view.save(force_insert=True)
            else:
                view.save(update_fields=["name", "query", "shared"])
    except IntegrityError as exc:
        raise InvalidInput({"name": [_("You already have a view of this name.")]}) from exc
    return view


def saved_view_create(*, user: User, name: str, query: str, shared: bool = False) -> SavedView:
    name = _name(name)
    if shared:
        _may_share(user)
    return _kept(SavedView(owner=user, name=name, query=clean_query(query), shared=shared), create=True)


@transaction.atomic
def saved_view_update(
    *, user: User, pk: int, name: str | None = None, query: str | None = None, shared: bool | None = None
) -> SavedView:
    """Rename a view of one's own, give it other filters (and sort), share it or make it personal again; what is
    not given stays. Sharing it is for managers, as making a shared one is; making it personal, for its owner."""
    view = SavedView.objects.select_for_update().filter(pk=pk, owner=user).first() if pk else None
    if view is None:
        raise NotFound(_("No saved view of yours with this number."))
    if name is not None:
        view.name = _name(name)
    if query is not None:
        view.query = clean_query(query)
    if shared is not None and shared != view.shared:
        if shared:
            _may_share(user)
        view.shared = shared
    return _kept(view, create=False)


def saved_view_delete(*, user: User, pk: int) -> None:
    """Only its owner deletes a view."""
    deleted, _rows = SavedView.objects.filter(pk=pk, owner=user).delete()
    if not deleted:
        raise NotFound(_("No saved view of yours with this number."))
