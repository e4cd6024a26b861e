"""`{{ text|scrubbed }}`: a scrubbed text on a page, its markers shown as labels.
`{{ text|free_text:text_mask }}`: a complaint's free text as the reader may see it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from redress.privacy.masking import TextMask, markers_html

register = template.Library()


@register.filter
def scrubbed(text: str | None) -> SafeString:
    """The text HTML-escaped, each marker ("⟦phone⟧") as `<span class="pii-removed">[phone
    number]</span>` in the active language."""
    return markers_html(text or "")


@register.filter
def free_text(text: Any, mask: Any) -> SafeString:
    """`text` escaped, its personal data replaced by labels unless `mask` (a `TextMask`) is inactive; without
    a mask, masked (a page that forgets to pass one shows less, never more)."""
    found = mask if isinstance(mask, TextMask) else TextMask(active=True)
    return found.html("" if text is None else str(text))
