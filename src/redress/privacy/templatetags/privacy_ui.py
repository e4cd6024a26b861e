"""`{{ text|scrubbed }}`: a scrubbed text on a page, its markers shown as labels."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from redress.privacy.scrubber import MARKER, kind_label

register = template.Library()


@register.filter
def scrubbed(text: str | None) -> SafeString:
    """The text HTML-escaped, each marker ("⟦phone⟧") as `<span class="pii-removed">[phone
    number]</span>` in the active language."""
    # Escaping first leaves the markers as they are (⟦ ⟧ are not HTML), so only our spans are markup.
    escaped = escape(text or "")
    html = MARKER.sub(lambda match: f'<span class="pii-removed">[{escape(kind_label(match.group(1)))}]</span>', escaped)
    return mark_safe(html)  # every piece of text in it was escaped above
