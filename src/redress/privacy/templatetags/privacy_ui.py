"""`{{ text|scrubbed }}`: a scrubbed text on a page, its markers shown as labels in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from redress.privacy.scrubber import MARKER, kind_label

register = template.Library()


@register.filter
def scrubbed(text: str) -> SafeString:
    html = MARKER.sub(
        lambda m: f'<span class="pii-removed">[{escape(kind_label(m.group(1)))}]</span>', str(escape(text or ""))
    )
    return mark_safe(html)  # escaped above: only the labels' spans are markup
