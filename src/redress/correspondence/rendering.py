"""Rendering letters from the admin's templates (nothing is written here): render, check a hand-edited text, draft."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from redress.core.errors import Conflict, InvalidInput
from redress.correspondence import templating
from redress.correspondence.context import final_letter_context, letter_context
from redress.correspondence.models import LetterKind, LetterTemplate

if TYPE_CHECKING:
    from redress.complaints.models import Complaint, ResolutionPlan

log = logging.getLogger(__name__)
# Kinds issued on their own (registration, a deadline extension, a decline) keep the built-in text as a
# last resort, so that a missing template never loses a complaint; a decision letter needs its template.
BUILT_IN = frozenset({LetterKind.ACKNOWLEDGEMENT, LetterKind.EXTENSION, LetterKind.DECLINE, LetterKind.ENQUIRY})
DECISION_KINDS = frozenset({LetterKind.FINAL_DECISION, LetterKind.REVIEW_DECISION, LetterKind.SUMMARY_RESOLUTION})


class LetterTemplateMissing(Conflict):
    code = "letter_template_missing"


class LetterRenderFailed(Conflict):
    code = "letter_render_failed"


class LetterIncomplete(InvalidInput):
    code = "letter_incomplete"


# --- Templates, kept per process for a minute (dropped at once when this process saves one) ---------

_TEMPLATE_TTL = 60.0
_templates: tuple[float, dict[tuple[str, str, str], LetterTemplate]] = (0.0, {})


def letter_templates() -> dict[tuple[str, str, str], LetterTemplate]:
    global _templates
    loaded_at, cached = _templates
    if time.monotonic() - loaded_at > _TEMPLATE_TTL:
        cached = {(t.kind, t.jurisdiction, t.language): t for t in LetterTemplate.objects.all()}
        _templates = (time.monotonic(), cached)
    return cached


def forget_templates(**kwargs: Any) -> None:
    global _templates
    _templates = (0.0, {})


def template_for(*, kind: str, jurisdiction: str, language: str) -> LetterTemplate | None:
    """The jurisdiction's own template in that language, else the default (blank jurisdiction)."""
    found = letter_templates()
    return found.get((kind, jurisdiction, language)) or found.get((kind, "", language))


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    subject: str
    body: str
    elements: list[templating.Element] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)


def letter_render(*, complaint: Complaint, kind: str, context: dict[str, Any]) -> RenderedLetter:
    """The letter of `kind` for this complaint, in its language, from the admin's template.

    Raises LetterTemplateMissing (no template for a decision letter) or LetterRenderFailed.
    """
    values = letter_context(complaint, context)
    template = template_for(kind=kind, jurisdiction=complaint.jurisdiction, language=complaint.language)
    if template is None:
        if kind in BUILT_IN:
            return _render_built_in(complaint, kind, context)
        raise LetterTemplateMissing(
            _(
                "There is no %(kind)s letter template for %(jurisdiction)s in %(language)s; "
                "an administrator must add one."
            )
            % {"kind": kind, "jurisdiction": complaint.jurisdiction, "language": complaint.language}
        )
    try:
        elements = templating.parse_elements(template.required_elements)
        with translation.override(complaint.language):
            rendered = templating.render(subject=template.subject, body=template.body, context=values)
    except (ValueError, templating.LetterTemplateError) as exc:
        log.warning("Letter template %s cannot be rendered: %s", template.pk, exc)
        raise LetterRenderFailed(
            _("The %(kind)s letter could not be produced from its template (%(error)s); nothing was sent.")
            % {"kind": kind, "error": exc}
        ) from exc
    return RenderedLetter(kind, rendered.subject, rendered.body, elements, values)


def _render_built_in(complaint: Complaint, kind: str, context: dict[str, Any]) -> RenderedLetter:
    values = {"complaint": complaint, "institution": settings.REDRESS_INSTITUTION_NAME, **context}
    with translation.override(complaint.language):
        subject = " ".join(render_to_string(f"correspondence/{kind}.subject.txt", values).split())
        body = templating.normalise_text(render_to_string(f"correspondence/{kind}.txt", values))
    return RenderedLetter(kind, subject, body, [], values)


def letter_check(*, text: str, rendered: RenderedLetter) -> None:
    """Refuse a (hand-edited) letter that lacks one of its template's required elements."""
    missing = templating.missing_elements(text, rendered.elements, rendered.context)
    if missing:
        raise LetterIncomplete(
            {
                "letter": [
                    _("The letter lacks required elements: %(elements)s. Put them back, or start again from the draft.")
                    % {"elements": ", ".join(missing)}
                ],
                "missing": missing,
            }
        )


def letter_draft(*, complaint: Complaint, plan: ResolutionPlan | None, kind: str) -> RenderedLetter:
    """The decision letter of `kind` the handler starts from, for the complaint's current `plan`."""
    if kind not in DECISION_KINDS:
        raise InvalidInput({"kind": [_("Drafts are made of decision letters only.")]})
    return letter_render(complaint=complaint, kind=kind, context=final_letter_context(complaint, plan))
