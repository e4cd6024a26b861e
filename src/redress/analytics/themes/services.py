"""Writes of the themes: a run (read the texts, fit, store), a theme named, a theme promoted to a root cause."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.analytics.models import Theme, ThemeRun
from redress.analytics.themes.periods import bounds, growth, previous_period
from redress.analytics.themes.text import MAX_CHARS, is_chinese, to_traditional
from redress.codes.services import root_cause_create
from redress.complaints.selectors import complaint_texts, customers_personal_values
from redress.core.errors import InvalidInput
from redress.core.replica import reading_replica
from redress.privacy.scrubber import scrub

EXAMPLES: Final = 5  # per theme
DEPARTMENT_EXAMPLES: Final = 3  # and per department within it, for a manager who sees one department
SNIPPET: Final = 240  # characters of a text quoted as an example
MAX_DAYS: Final = 366


def _text(row: dict[str, Any]) -> str:
    return f"{row['description']}\n{row['desired_outcome']}".strip()


def _period_texts(start: date, end: date) -> tuple[list[str], list[dict[str, Any]]]:
    """The period's texts, and per text what the theme keeps of it (not the text: it is dropped once fitted)."""
    received_from, received_to = bounds(start, end)
    texts, rows = [], []
    with reading_replica():  # a month of texts: read where the dashboards read, when there is a replica
        # Only what the words are read from (and an example quotes): the first MAX_CHARS of each text.
        for row in complaint_texts(received_from=received_from, received_to=received_to, chars=MAX_CHARS):
            texts.append(_text(row))
            rows.append(
                {
                    "id": row["id"],
                    "reference": row["reference"],
                    "business": row["business"],
                    "reason": row["reason"],
                    "department": str(row["department_id"] or ""),
                }
            )
    return texts, rows


def _terms(fitted_terms: list[tuple[str, float]]) -> list[dict[str, Any]]:
    out = []
    for term, weight in fitted_terms:
        chinese = is_chinese(term)
        out.append(
            {
                "term": term,
                "hant": to_traditional(term) if chinese else "",
                "lang": "zh" if chinese else "en",
                "weight": weight,
            }
        )
    return out


def _breakdown(rows: list[dict[str, Any]], previous_departments: Counter[str]) -> dict[str, Any]:
    departments: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"size": 0, "previous": 0, "business": Counter(), "reason": Counter()}
    )
    for row in rows:
        entry = departments[row["department"]]
        entry["size"] += 1
        entry["business"][row["business"]] += 1
        entry["reason"][row["reason"]] += 1
    for department, count in previous_departments.items():
        departments[department]["previous"] = count
    return {
        "business": dict(Counter(r["business"] for r in rows).most_common()),
        "reason": dict(Counter(r["reason"] for r in rows).most_common()),
        "departments": {
            key: {
                **value,
                "business": dict(value["business"].most_common()),
                "reason": dict(value["reason"].most_common()),
            }
            for key, value in sorted(departments.items())
        },
    }


def _examples(members: list[tuple[float, int]], rows: list[dict[str, Any]], texts: list[str]) -> list[dict[str, Any]]:
    """The texts strongest in the theme: the first `EXAMPLES`, then up to `DEPARTMENT_EXAMPLES` of each department."""
    chosen: list[int] = []
    per_department: Counter[str] = Counter()
    for _weight, index in sorted(members, key=lambda m: (-m[0], rows[m[1]]["id"])):
        department = rows[index]["department"]
        if len(chosen) < EXAMPLES or per_department[department] < DEPARTMENT_EXAMPLES:
            chosen.append(index)
            per_department[department] += 1
    known = customers_personal_values([rows[i]["id"] for i in chosen])
    examples = []
    for index in chosen:
        row = rows[index]
        snippet = scrub(texts[index], known=known.get(row["id"], []))
        if len(snippet) > SNIPPET:
            snippet = snippet[: SNIPPET - 1].rstrip() + "…"
        examples.append(
            {"complaint": row["id"], "reference": row["reference"], "department": row["department"], "snippet": snippet}
        )
    return examples


def themes_run(*, start: date, end: date, seed: int = 0, k: int | None = None, by: User | None = None) -> ThemeRun:
    """Group the texts of the complaints received from `start` to `end` (both included) into themes, count each
    theme in the period of the same length before, and store the run. `k`: how many themes (default: by the
    period's size, see `method`)."""
    if end < start:
        raise InvalidInput({"to": [_("The period ends before it starts.")]})
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput({"to": [_("A theme run covers at most a year.")]})
    previous_start, previous_end = previous_period(start, end)
    # lazy: scikit-learn, scipy and the word cutter load with the first run, not in every web process
    from redress.analytics.themes import method

    texts, rows = _period_texts(start, end)
    fitted = method.fit(texts, seed=seed, k=k)
    previous_texts, previous_rows = _period_texts(previous_start, previous_end)
    previous_assignment = fitted.assign(previous_texts)
    del previous_texts
    previous_sizes: dict[int, Counter[str]] = defaultdict(Counter)
    for theme, row in zip(previous_assignment.tolist(), previous_rows, strict=True):
        if theme >= 0:
            previous_sizes[theme][row["department"]] += 1
    members: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for index, (theme, strength) in enumerate(zip(fitted.assignment.tolist(), fitted.strength.tolist(), strict=True)):
        if theme >= 0:
            members[theme].append((strength, index))
    themes = []
    for number in range(fitted.k):
        mine = members[number]
        size, previous = len(mine), sum(previous_sizes[number].values())
        themes.append(
            Theme(
                number=number + 1,
                terms=_terms(fitted.terms[number]),
                size=size,
                previous_size=previous,
                growth=growth(size, previous),
                breakdown=_breakdown([rows[i] for _w, i in mine], previous_sizes[number]),
                examples=_examples(mine, rows, texts),
            )
        )
    with transaction.atomic():
        run = ThemeRun.objects.create(
            period_start=start,
            period_end=end,
            previous_start=previous_start,
            previous_end=previous_end,
            seed=seed,
            parameters=fitted.parameters,
            texts=len(texts),
            previous_texts=len(previous_rows),
            unassigned=int((fitted.assignment < 0).sum()),
            created_by=by,
        )
        for theme in themes:
            theme.run = run
        Theme.objects.bulk_create(themes)
    return run


@transaction.atomic
def theme_name(*, theme: Theme, name: str, by: User) -> Theme:
    """A manager's name for the theme (blank: back to its words)."""
    name = (name or "").strip()
    if len(name) > 120:
        raise InvalidInput({"name": [_("At most 120 characters.")]})
    theme.name, theme.named_by, theme.named_at = name, by, timezone.now()
    theme.save(update_fields=["name", "named_by", "named_at"])
    return theme


@transaction.atomic
def theme_promote(
    *, theme: Theme, code: str, label_zh_hans: str, label_zh_hant: str = "", label_en: str, by: User
) -> Theme:
    """Make the theme a root cause in the code table (a new code, labelled in the three languages)."""
    if theme.root_cause:
        raise InvalidInput({"code": [_("This theme is already a root cause.")]})
    cause = root_cause_create(code=code, label_zh_hans=label_zh_hans, label_zh_hant=label_zh_hant, label_en=label_en)
    theme.root_cause, theme.promoted_by, theme.promoted_at = cause.code, by, timezone.now()
    theme.save(update_fields=["root_cause", "promoted_by", "promoted_at"])
    return theme
