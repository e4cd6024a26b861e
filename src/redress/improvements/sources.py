"""What an action came from, in one place: reading `?source=…&ref=…`, and a source as a label and a link.

A theme is kept as its id in `ref`; it is named, linked and its codes read through the analytics selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from redress.analytics.spike_selectors import alerts_by_pk
from redress.analytics.themes.selectors import theme_label, theme_view, theme_visible, themes_by_pk
from redress.complaints.selectors import complaint_get
from redress.core.errors import InvalidInput
from redress.improvements.choices import CODE_KINDS, SourceKind
from redress.improvements.models import ActionSource

if TYPE_CHECKING:
    from redress.accounts.models import User


REF_MAX = 120  # ActionSource.ref's length


@dataclass(frozen=True)
class SourceSpec:
    """A source as the services take it: already checked against what the person may see."""

    kind: str
    complaint_id: int | None = None
    spike_id: int | None = None
    ref: str = ""
    codes: dict[str, list[str]] = field(default_factory=dict)  # the codes it suggests linking
    department_id: int | None = None  # the department it suggests


def source_from_query(*, user: User, kind: str, ref: str) -> SourceSpec:
    """`?source=complaint&ref=<reference>`, `?source=spike&ref=<id>`, `?source=theme&ref=<id>`,
    `?source=review_finding&ref=<text>`; a 400 naming `source` or `ref` when it is not one."""
    ref = ref.strip()
    if kind not in SourceKind.values or kind == SourceKind.SUGGESTION:
        raise InvalidInput({"source": [_("Name a complaint, a theme, a spike alert or a review finding.")]})
    if not ref:
        raise InvalidInput({"ref": [_("Say which one.")]})
    if kind == SourceKind.COMPLAINT:
        complaint = complaint_get(user=user, reference=ref)
        codes = {k: [getattr(complaint, k)] for k in CODE_KINDS if getattr(complaint, k)}
        return SourceSpec(
            kind, complaint_id=complaint.pk, ref=complaint.reference, codes=codes, department_id=complaint.department_id
        )
    if kind == SourceKind.SPIKE:
        alert = alerts_by_pk([int(ref)]).get(int(ref)) if ref.isdigit() else None
        if alert is None:
            raise InvalidInput({"ref": [_("There is no such spike alert.")]})
        codes = {alert["dimension"]: [alert["key"]]} if alert["dimension"] in CODE_KINDS else {}
        return SourceSpec(kind, spike_id=int(ref), ref=ref, codes=codes)
    if kind == SourceKind.THEME:
        theme = themes_by_pk([int(ref)]).get(int(ref)) if ref.isdigit() else None
        if theme is None or not theme_visible(theme, user):
            raise InvalidInput({"ref": [_("There is no such theme that you may see.")]})
        view = theme_view(theme, user=user) or {}
        # The theme's largest business line and reason: the codes its complaints mostly carry.
        codes = {k: [top["code"]] for k in ("business", "reason") for top in view.get(k, [])[:1] if top["code"]}
        return SourceSpec(kind, ref=ref, codes=codes)
    if len(ref) > REF_MAX:
        raise InvalidInput({"ref": [_("Keep the reference to %(max)d characters.") % {"max": REF_MAX}]})
    return SourceSpec(kind, ref=ref)


def preview_source(spec: SourceSpec) -> ActionSource:
    """A source not yet saved, to show on the suggestion form."""
    return ActionSource(kind=spec.kind, complaint_id=spec.complaint_id, spike_id=spec.spike_id, ref=spec.ref)


def source_rows(sources: list[ActionSource]) -> list[dict[str, Any]]:
    """Each source as pages and the API show it: kind, its label in words, a link (or None), the ref."""
    alerts = alerts_by_pk([s.spike_id for s in sources if s.spike_id])
    themes = themes_by_pk([int(s.ref) for s in sources if s.kind == SourceKind.THEME and s.ref.isdigit()])
    kinds = dict(SourceKind.choices)
    rows = []
    for source in sources:
        label, link = _label_and_link(source, alerts, themes)
        rows.append(
            {
                "kind": source.kind,
                "kind_label": str(kinds.get(source.kind, source.kind)),
                "ref": source.ref,
                "label": label,
                "link": link,
            }
        )
    return rows


def _label_and_link(
    source: ActionSource, alerts: dict[int, dict[str, Any]], themes: dict[int, Any]
) -> tuple[str, str | None]:
    if source.kind == SourceKind.COMPLAINT and source.ref:
        return source.ref, reverse("complaints:detail", args=[source.ref])
    if source.kind == SourceKind.SPIKE:
        alert = alerts.get(source.spike_id or 0)
        if alert is None:
            return _("Spike alert %(id)s (no longer kept)") % {"id": source.ref}, None
        return f"{alert['series_label']} · {alert['day']}", reverse("analytics:dashboard") + "#spikes"
    if source.kind == SourceKind.THEME:
        theme = themes.get(int(source.ref)) if source.ref.isdigit() else None
        if theme is None:
            return _("Theme %(id)s (no longer kept)") % {"id": source.ref}, None
        return theme_label(theme), reverse("analytics:theme", args=[theme.pk])
    if source.kind == SourceKind.SUGGESTION:
        return _("Filed by a member of staff"), None
    return source.ref, None
