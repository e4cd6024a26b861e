"""The resolution plan's forms: outcome, summary, as many redress rows as the plan needs, improvement actions.

The redress rows are fields `redress_<n>_<part>`: a bound form has a row for every <n> the data names (the
page's "Add a row" button adds one, "Remove" takes one out and numbers the rest again), up to MAX_ROWS; an
unbound one shows the current plan's items and an empty row or two.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redress.complaints.choices import JURISDICTION_CURRENCY, RedressType
from redress.complaints.forms.base import ActionForm, form_field, messages_of
from redress.complaints.models import Complaint
from redress.complaints.selectors import current_plan

REDRESS_ROWS = 3  # the empty rows of a new plan (the page adds more)
MAX_ROWS = 100
_PARTS = ("type", "amount", "currency", "description")


class ProposeResolutionForm(ActionForm):
    """Outcome, summary, the redress rows and the improvement actions, one per line."""

    action = "propose_resolution"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        fields = self.payload_fields()
        self.fields["outcome"] = form_field("outcome", fields["outcome"])
        self.fields["summary"] = form_field("summary", fields["summary"])
        self.fields["summary"].help_text = _("How the complaint was looked into, what was found, and why.")
        self.row_count = self._bound_rows() if self.is_bound else self._unbound_rows()
        self.currency = JURISDICTION_CURRENCY.get(complaint.jurisdiction, settings.REDRESS_DEFAULT_CURRENCY)
        for i in range(self.row_count):
            self._add_row(i)
        self.fields["improvements"] = form_field("improvements", fields["improvements"])
        if "root_cause" in fields:  # proposing: the complaint's reason and root cause, as set so far
            for name in ("reason", "root_cause"):
                self.fields[name] = form_field(name, fields[name])
                self.fields[name].initial = getattr(complaint, name)
                self.fields[name].widget.attrs["required"] = True
        self._rows: list[int] = []

    def _bound_rows(self) -> int:
        """One row for each number the posted fields name (a gap left by a removed row is an empty row)."""
        pattern = re.compile(rf"^{re.escape(self.add_prefix('redress_'))}(\d+)_(?:{'|'.join(_PARTS)})$")
        numbers = [int(m.group(1)) for key in self.data if (m := pattern.match(key))]
        return min(max(numbers, default=-1) + 1, MAX_ROWS)

    def _unbound_rows(self) -> int:
        return REDRESS_ROWS

    def _add_row(self, i: int) -> None:
        type_choices = [("", "—"), *RedressType.choices]
        self.fields[f"redress_{i}_type"] = forms.CharField(
            label=_("Type"), required=False, widget=forms.Select(choices=type_choices)
        )
        self.fields[f"redress_{i}_amount"] = forms.CharField(
            label=_("Amount"),
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00", "size": 10}),
        )
        self.fields[f"redress_{i}_currency"] = forms.CharField(
            label=_("Currency"),
            required=False,
            initial=self.currency,
            widget=forms.TextInput(attrs={"maxlength": 3, "size": 4, "autocapitalize": "characters"}),
        )
        self.fields[f"redress_{i}_description"] = forms.CharField(
            label=_("Description"),
            required=False,
            widget=forms.TextInput(attrs={"maxlength": 500, "placeholder": _("Description (optional)")}),
        )

    def redress_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"redress_{i}_{part}"] for part in _PARTS] for i in range(self.row_count)]

    def empty_row(self) -> list[forms.BoundField]:
        """The fields of a new row, numbered __n__: the page's "Add a row" copies it with the next number."""
        form = type(self)(complaint=self.complaint)
        form._add_row_named("__n__")
        return [form[f"redress___n___{part}"] for part in _PARTS]

    def _add_row_named(self, key: str) -> None:
        self._add_row(0)
        for part in _PARTS:
            self.fields[f"redress_{key}_{part}"] = self.fields.pop(f"redress_0_{part}")

    def redress_errors(self) -> list[str]:
        """The errors of the redress rows, each naming its row and column."""
        found = []
        for i in range(self.row_count):
            for part in _PARTS:
                name = f"redress_{i}_{part}"
                for error in self.errors.get(name, []):
                    found.append(
                        _("Row %(row)s, %(column)s: %(error)s")
                        % {"row": i + 1, "column": self.fields[name].label, "error": error}
                    )
        return [str(e) for e in found]

    def to_payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        redress: list[dict[str, Any]] = []
        self._rows = []
        for i in range(self.row_count):
            row = {part: str(d.get(f"redress_{i}_{part}") or "").strip() for part in _PARTS}
            if not (row["type"] or row["amount"] or row["description"]):
                continue
            if not row["amount"]:
                del row["amount"]
            redress.append(row)
            self._rows.append(i)
        codes = {name: str(d[name]) for name in ("reason", "root_cause") if name in self.fields and d.get(name)}
        return {
            **codes,
            "outcome": str(d.get("outcome") or ""),
            "summary": str(d.get("summary") or ""),
            "redress": redress,
            "improvements": [line.strip() for line in str(d.get("improvements") or "").splitlines() if line.strip()],
        }

    def apply_errors(self, detail: Any) -> None:
        if isinstance(detail, dict) and "redress" in detail:
            rows = detail["redress"]
            # Errors of the items come as {position: errors}, or as a list with one entry per item.
            per_item = dict(enumerate(rows)) if isinstance(rows, list) else rows
            if (
                isinstance(per_item, dict)
                and per_item
                and all(isinstance(k, int) and isinstance(v, dict) for k, v in per_item.items())
            ):
                for position, errors in per_item.items():
                    row = self._rows[position] if position < len(self._rows) else 0
                    for part, value in errors.items():
                        name = f"redress_{row}_{part}"
                        self.add_error(name if name in self.fields else None, messages_of(value))
            else:
                self.add_error(None, messages_of(rows))
            detail = {k: v for k, v in detail.items() if k != "redress"}
        super().apply_errors(detail)


class ReviseResolutionForm(ProposeResolutionForm):
    """The plan as it stands, to change; the reason goes on the timeline, and the approvals are void."""

    action = "revise_resolution"

    def _unbound_rows(self) -> int:
        plan = current_plan(self.complaint)
        return (plan.items.count() if plan else 0) + 1

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["reason"] = form_field("reason", self.payload_fields()["reason"])
        self.fields["reason"].help_text = _("Why the plan changes. Approvals already given are void.")
        plan = current_plan(complaint)
        if plan is None or self.is_bound:
            return
        self.initial.update(
            {"outcome": plan.outcome, "summary": plan.summary, "improvements": "\n".join(plan.improvements)}
        )
        for i, item in enumerate(plan.items.all()):
            self.initial.update(
                {
                    f"redress_{i}_type": item.type,
                    f"redress_{i}_amount": "" if item.type == RedressType.NON_MONETARY else str(item.amount),
                    f"redress_{i}_currency": item.currency,
                    f"redress_{i}_description": item.description,
                }
            )

    def to_payload(self) -> dict[str, Any]:
        return {**super().to_payload(), "reason": str(self.cleaned_data.get("reason") or "").strip()}
