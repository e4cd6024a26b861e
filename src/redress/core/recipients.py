"""Who an e-mail to staff is written for: the recipient's language, and absolute links into redress."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist


def public_link(path: str) -> str:
    """An absolute link for an e-mail: REDRESS_PUBLIC_URL (under `serve`, the address it serves) + path."""
    return str(settings.REDRESS_PUBLIC_URL).rstrip("/") + path


def recipient_language(user: Any) -> str:
    """The language a person's e-mails are written in: their own choice where one is recorded
    (`notification_recipient`, when the notifications app keeps one), else the site's language."""
    try:
        chosen = str(user.notification_recipient.language)
    except (AttributeError, ObjectDoesNotExist):
        chosen = ""
    return chosen or settings.LANGUAGE_CODE
