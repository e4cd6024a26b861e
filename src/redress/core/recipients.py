"""Who an e-mail or a letter is written for: the recipient's language, and absolute links into redress."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse

# Where links point when REDRESS_PUBLIC_URL is not set and no request is being answered (a worker's task).
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
# The address of the request being answered (set by `PublicAddressMiddleware` while REDRESS_PUBLIC_URL is unset).
_request_address: ContextVar[str] = ContextVar("redress_request_address", default="")


def public_base() -> str:
    """Where customers reach redress: REDRESS_PUBLIC_URL (under `serve`, unless set, the address it serves);
    unset, the address of the request being answered; else DEFAULT_PUBLIC_URL."""
    return (str(settings.REDRESS_PUBLIC_URL) or _request_address.get() or DEFAULT_PUBLIC_URL).rstrip("/")


def public_link(path: str) -> str:
    """An absolute link for a letter or an e-mail: `public_base()` + path."""
    return public_base() + path


class PublicAddressMiddleware:
    """While REDRESS_PUBLIC_URL is unset, links made during a request start with the address it came to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REDRESS_PUBLIC_URL:
            return self.get_response(request)
        try:
            address = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            return self.get_response(request)
        token = _request_address.set(address)
        try:
            return self.get_response(request)
        finally:
            _request_address.reset(token)


def recipient_language(user: Any) -> str:
    """The language a person's e-mails are written in: their own choice where one is recorded
    (`notification_recipient`, when the notifications app keeps one), else the site's language."""
    try:
        chosen = str(user.notification_recipient.language)
    except (AttributeError, ObjectDoesNotExist):
        chosen = ""
    return chosen or settings.LANGUAGE_CODE
