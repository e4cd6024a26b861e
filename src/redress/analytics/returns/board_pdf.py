"""The board pack as a PDF, in the reader's language (WeasyPrint with the letters' fonts: CJK in Noto Sans CJK)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from redress.analytics.returns import RETURNS, board_mi, export
from redress.correspondence.pdf import html_to_pdf


def board_html(start: date, end: date) -> str:
    pack = export.as_json(RETURNS["board-mi"], start, end)
    language = (get_language() or "en").lower()
    return render_to_string(
        "analytics/board_mi.html",
        {
            "language": "zh-hant" if language in ("zh-hant", "zh-tw", "zh-hk") else language,
            "institution": settings.REDRESS_INSTITUTION_NAME,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "rows": pack["rows"],
            "totals": pack["totals"],
            "bands": board_mi.AGEING,
        },
    )


def board_pdf(start: date, end: date) -> bytes:
    return html_to_pdf(board_html(start, end))
