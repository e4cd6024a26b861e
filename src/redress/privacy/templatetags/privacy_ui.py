"""`{{ text|scrubbed }}`: a scrubbed text, escaped, its markers shown as labels."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from redress.privacy.scrubber import render

register = template.Library()


@register.filter(name="scrubbed")
def scrubbed(text: str) -> SafeString:
    return mark_safe(escape(render(str(text or ""))))
