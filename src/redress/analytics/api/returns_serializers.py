"""The schema of each return's JSON: its rows from its columns, its totals declared field by field."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.analytics.returns import RETURNS, Column

_S = serializers.Serializer


def _field(column: Column) -> serializers.Field[Any, Any, Any, Any]:
    if column.kind == "int":
        return serializers.IntegerField(help_text=column.en)
    if column.kind == "money":
        return serializers.DecimalField(max_digits=20, decimal_places=2, help_text=column.en)
    if column.kind == "percent":
        return serializers.DecimalField(
            max_digits=7, decimal_places=1, allow_null=column.nullable, help_text=f"{column.en} (per cent)"
        )
    return serializers.CharField(help_text=column.en, allow_blank=True)


def _named(name: str, fields: dict[str, Any], doc: str) -> type[serializers.Serializer[Any]]:
    return type(name, (_S,), {**fields, "__doc__": doc, "__module__": __name__})


def _counts(*names: str) -> dict[str, Any]:
    return {n: serializers.IntegerField() for n in names}


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2)


def _pct(nullable: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=nullable)


_UK = [c.key for c in RETURNS["uk-disp"].columns if c.kind == "int"]
_CN = [c.key for c in RETURNS["cn-stats"].columns if c.kind == "int"]
TOTALS: dict[str, type[serializers.Serializer[Any]]] = {
    "uk-disp": _named(
        "UkDispTotalsOut",
        {**_counts(*_UK), "upheld_percent": _pct(), "redress_paid": _money()},
        "All products together.",
    ),
    "cn-stats": _named("CnStatsTotalsOut", {**_counts(*_CN), "redress_paid": _money()}, "All rows together."),
    "us-cfpb": _named(
        "UsCfpbTotalsOut", _counts("complaints", "closed", "in_progress"), "How many complaints, closed and open."
    ),
    "board-mi": _named(
        "BoardMiTotalsOut",
        {
            "volume": _named(
                "BoardMiVolumeOut",
                {
                    **_counts("received", "previous", "year_before"),
                    "change_vs_previous_percent": _pct(True),
                    "change_vs_year_before_percent": _pct(True),
                },
                "Complaints received, against the previous period and a year before.",
            )(),
            "timeliness": _named(
                "BoardMiTimelinessOut",
                {
                    **_counts("closed", "within_3_business_days", "within_deadline", "after_deadline"),
                    "within_deadline_percent": _pct(),
                },
                "How fast the complaints closed in the period were answered.",
            )(),
            "upheld": _named(
                "BoardMiUpheldOut",
                {**_counts("closed", "upheld"), "upheld_percent": _pct()},
                "Upheld (incl. partly) of those closed.",
            )(),
            "redress": _named(
                "BoardMiRedressOut",
                {"currency": serializers.CharField(), "paid": _money()},
                "Redress paid on the complaints closed in the period, in one currency.",
            )(many=True),
            "ageing": _named(
                "BoardMiAgeingOut",
                {
                    "band": serializers.CharField(help_text="Age in days: 0-7, 8-15, 16-30, 31-56, 57+."),
                    **_counts("open"),
                },
                "Complaints open at the end of the period, by age.",
            )(many=True),
            "vulnerable": _named(
                "BoardMiVulnerableOut",
                {**_counts("received", "vulnerable"), "share_percent": _pct()},
                "Complaints received from customers flagged vulnerable.",
            )(),
            "top_reasons": _named(
                "BoardMiReasonOut",
                {
                    "reason": serializers.CharField(allow_blank=True),
                    "label": serializers.CharField(),
                    **_counts("received"),
                },
                "A reason among the most frequent of the period.",
            )(many=True),
            "spikes": _named(
                "BoardMiSpikeOut",
                {
                    "date": serializers.DateField(),
                    "dimension": serializers.CharField(),
                    "key": serializers.CharField(),
                    "label": serializers.CharField(help_text="The series in words, in the reader's language."),
                    "count": serializers.IntegerField(),
                    "expected": serializers.FloatField(),
                    "level": serializers.CharField(),
                    "level_label": serializers.CharField(),
                },
                "A day well above what the recent past predicts.",
            )(many=True),
            "sections": serializers.DictField(
                help_text="Sections the other apps add, by key (improvements: the improvement actions done in the "
                "period with their effect, and those overdue): each a title, column headers and rows in words, "
                "and its data."
            ),
        },
        "The management pack.",
    ),
}


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("-"))


def _return_out(kind: str) -> type[serializers.Serializer[Any]]:
    ret = RETURNS[kind]
    row = _named(f"{_camel(kind)}RowOut", {c.key: _field(c) for c in ret.columns}, f"One row of the {kind} return.")
    return _named(
        f"{_camel(kind)}ReturnOut",
        {
            "kind": serializers.CharField(),
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "rows": row(many=True),
            "totals": TOTALS[kind](),
        },
        f"The {kind} return of a period.",
    )


RETURN_OUT: dict[str, type[serializers.Serializer[Any]]] = {kind: _return_out(kind) for kind in RETURNS}


class ReturnQuery(_S):
    """The period (both ends included) and the format."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        return {
            "from": serializers.DateField(help_text="The first day (YYYY-MM-DD)."),
            "to": serializers.DateField(help_text="The last day (YYYY-MM-DD)."),
            "format": serializers.ChoiceField(
                choices=["json", "csv", "xlsx", "pdf"],
                required=False,
                help_text="json (default), csv or xlsx; pdf for board-mi only.",
            ),
        }
