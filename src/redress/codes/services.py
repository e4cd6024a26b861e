"""Writes to the code tables other than an admin's edit: a root cause added from a finding (a theme promoted)."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from redress.codes import selectors
from redress.codes.models import RootCause
from redress.core.errors import InvalidInput

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@transaction.atomic
def root_cause_create(*, code: str, label_zh_hans: str, label_zh_hant: str = "", label_en: str) -> RootCause:
    """A new root cause: `code` (lower-case letters, digits, _ or -, at most 40), its labels (Simplified Chinese
    and English required). A code already in the table is a 400 naming `code`."""
    code = (code or "").strip()
    errors: dict[str, list[str]] = {}
    if not _CODE.match(code):
        errors["code"] = [_("Use lower-case letters, digits, _ or -, at most 40.")]
    elif RootCause.objects.filter(code=code).exists():
        errors["code"] = [_("This root cause code already exists.")]
    labels = {"label_zh_hans": label_zh_hans, "label_zh_hant": label_zh_hant, "label_en": label_en}
    limits = {"label_zh_hans": 120, "label_zh_hant": 120, "label_en": 160}
    for name, value in labels.items():
        value = (value or "").strip()
        labels[name] = value
        if not value and name != "label_zh_hant":
            errors[name] = [_("This field is required.")]
        elif len(value) > limits[name]:
            errors[name] = [_("Too long.")]
    if errors:
        raise InvalidInput(errors)
    cause = RootCause.objects.create(code=code, **labels)
    selectors.invalidate()
    return cause
