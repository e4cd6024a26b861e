"""Evidence for a reader who sees personal data masked: a plain-text file with its personal data replaced by
labels, as the page shows free text; any other file (a scan, a photo, a PDF, an office document) cannot be
masked reliably and is withheld."""

from __future__ import annotations

from redress.privacy.masking import TextMask

# The types whose content the scrubber can read.
TEXT_TYPES = ("text/", "message/rfc822", "application/csv")


def masked_evidence(content: bytes, content_type: str, mask: TextMask) -> bytes | None:
    """The file's text masked (UTF-8), for a plain-text file; None for any other (and for undecodable text)."""
    if not (content_type or "").startswith(TEXT_TYPES):
        return None
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030: what Chinese Windows writes
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return mask.text(text).encode()
    return None
