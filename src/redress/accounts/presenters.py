"""Staff as pages and the API name them, and the signed-in person of a request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from rest_framework.request import Request

from redress.accounts.models import Department, User


def user_of(request: HttpRequest | Request) -> User:
    """The signed-in member of staff of a page or API request (the view requires a login)."""
    user = request.user
    assert isinstance(user, User), "login_required and the API's authentication let only signed-in staff through"
    return user


def person(user: User | None) -> str:
    if user is None:
        return ""
    return person_name(user.username, user.first_name, user.last_name)


def person_name(username: str, first_name: str = "", last_name: str = "") -> str:
    """ "Li Na (handler)", or the username alone: a staff member as pages name them."""
    name = f"{first_name} {last_name}".strip()
    return f"{name} ({username})" if name else username


def department_label(department: Department | None, language: str | None = None) -> str:
    """A department's name in `language` (default: the page's), each script its own (`Department.label`)."""
    if department is None:
        return ""
    return department.label(language or get_language() or "zh-hans")
