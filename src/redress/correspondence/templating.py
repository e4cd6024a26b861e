"""Letter templates as data: compile, check the required elements, render to text and HTML.

Pure of the ORM: the models and services hand in the template's text and the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import escape, urlize
from django.utils.translation import gettext as _

# Plain text: nothing escaped. Only Django's built-in tags and filters (no {% load %} of app libraries).
ENGINE = Engine(autoescape=False, libraries={"l10n": "django.templatetags.l10n"})
ELEMENT_KEYS = frozenset({"element", "placeholders", "phrases"})
_NAME = re.compile(r"^[a-z_][a-z0-9_.]*$")
_LINKISH = re.compile(
    r"https?://|www\.|@|\.(?:com|org|net|gov|uk|hk|tw|cn)\b"
)  # urlize is slow: only where a link may be


@dataclass(frozen=True)
class Element:
    name: str
    placeholders: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class LetterTemplateError(Exception):
    """The template cannot be rendered (a syntax error stored past the admin's checks, a render error)."""


def parse_elements(raw: Any) -> list[Element]:
    """The required elements of a template; ValueError names what is malformed."""
    if not isinstance(raw, list):
        raise ValueError(_("Required elements are a list of objects."))
    elements = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("element"), str) or not entry["element"]:
            raise ValueError(_('Each required element is an object with a name under "element".'))
        unknown = set(entry) - ELEMENT_KEYS
        if unknown:
            raise ValueError(_("Unknown keys in a required element: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
        placeholders = entry.get("placeholders", [])
        phrases = entry.get("phrases", [])
        if not all(isinstance(p, str) and _NAME.match(p) for p in placeholders):
            raise ValueError(_("Placeholders are variable names such as reference or outcome_label."))
        if not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ValueError(_("Phrases are non-empty texts."))
        if not placeholders and not phrases:
            raise ValueError(
                _("The required element %(element)s names no placeholder and no phrase.")
                % {"element": entry["element"]}
            )
        elements.append(Element(entry["element"], tuple(placeholders), tuple(phrases)))
    return elements


def _uses_placeholder(source: str, name: str) -> bool:
    return re.search(r"\{\{\s*" + re.escape(name) + r"\s*(\||\}\})", source) is not None


def template_problems(*, subject: str, body: str, required_elements: Any) -> dict[str, list[str]]:
    """Why this template may not be saved, by field (empty when it may)."""
    problems: dict[str, list[str]] = {}
    for field, source in (("subject", subject), ("body", body)):
        try:
            compile_template(source)
        except TemplateSyntaxError as exc:
            problems.setdefault(field, []).append(_("Template syntax error: %(error)s") % {"error": exc})
    try:
        elements = parse_elements(required_elements)
    except ValueError as exc:
        problems.setdefault("required_elements", []).append(str(exc))
        return problems
    source = body  # the letter's text carries the elements (an edited letter is checked the same way)
    for element in elements:
        if any(_uses_placeholder(source, p) for p in element.placeholders):
            continue
        if any(phrase in source for phrase in element.phrases):
            continue
        wanted = [f"{{{{ {p} }}}}" for p in element.placeholders] + [f"“{p}”" for p in element.phrases]
        problems.setdefault("body", []).append(
            _("The letter lacks the required element %(element)s: use one of %(wanted)s.")
            % {"element": element.name, "wanted": ", ".join(wanted)}
        )
    return problems


@lru_cache(maxsize=512)
def compile_template(source: str) -> Template:
    return ENGINE.from_string(source)


def render(*, subject: str, body: str, context: dict[str, Any]) -> Rendered:
    try:
        ctx = Context(context, autoescape=False)
        rendered_subject = " ".join(compile_template(subject).render(ctx).split())
        rendered_body = normalise_text(compile_template(body).render(ctx))
    except Exception as exc:  # a template error, or a filter that raised: no letter, a clear refusal
        raise LetterTemplateError(f"{type(exc).__name__}: {exc}") from exc
    return Rendered(rendered_subject, rendered_body)


def normalise_text(text: str) -> str:
    """Line ends as \\n, no trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def placeholder_values(elements: list[Element], context: dict[str, Any]) -> dict[str, str]:
    ctx = Context(context, autoescape=False)
    names = {p for e in elements for p in e.placeholders}
    return {name: compile_template(f"{{{{ {name} }}}}").render(ctx).strip() for name in names}


def missing_elements(text: str, elements: list[Element], context: dict[str, Any]) -> list[str]:
    """The required elements a (possibly edited) letter lacks.

    An element is present when the text contains the value of one of its placeholders or one of
    its phrases; an element whose placeholders are all empty here (no redress, no survey link)
    and which has no phrase is not asked for.
    """
    values = placeholder_values(elements, context)
    flat = " ".join(text.split())
    missing = []
    for element in elements:
        wanted = [v for v in (values[p] for p in element.placeholders) if v] + list(element.phrases)
        if wanted and not any(" ".join(w.split()) in flat for w in wanted):
            missing.append(element.name)
    return missing


def text_to_html(*, subject: str, body: str, language: str, institution: str) -> str:
    """The HTML part of a letter: the same text in paragraphs, links made clickable."""
    paragraphs = []
    for block in body.strip().split("\n\n"):
        lines = [urlize(line, autoescape=True) if _LINKISH.search(line) else escape(line) for line in block.split("\n")]
        paragraphs.append("<br>\n".join(lines))
    return render_to_string(
        "correspondence/letter.html",
        {"subject": subject, "paragraphs": paragraphs, "language": language, "institution": institution},
    )
