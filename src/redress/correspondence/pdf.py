"""Letters as PDF (WeasyPrint): the HTML part of the letter, laid out for A4, CJK text in Noto Sans CJK."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings

from redress.correspondence import templating

if TYPE_CHECKING:
    from redress.correspondence.models import Letter


@lru_cache(maxsize=1)
def _font_config() -> Any:
    # lazy: WeasyPrint (Pango, fonts) costs a second to import; only PDF downloads need it
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def letter_html(letter: Letter) -> str:
    """The HTML that was sent; letters kept before HTML was recorded get it made from their text."""
    return letter.body_html or templating.text_to_html(
        subject=letter.subject,
        body=letter.body,
        language=letter.language,
        institution=settings.REDRESS_INSTITUTION_NAME,
    )


def html_to_pdf(html: str) -> bytes:
    # lazy: see _font_config
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=None).write_pdf(font_config=_font_config())
    return pdf


def letter_pdf(letter: Letter) -> bytes:
    return html_to_pdf(letter_html(letter))


def letter_pdf_name(letter: Letter) -> str:
    return f"{letter.complaint.reference}-{letter.kind}-{letter.pk}.pdf"
