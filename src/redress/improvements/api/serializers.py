"""What the improvements API takes and answers, for the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.improvements.choices import SourceKind, Status


class ImprovementListQuery(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    owner = serializers.IntegerField(required=False, help_text="The owner's user id.")
    department = serializers.CharField(required=False, help_text="The department's code.")
    overdue = serializers.BooleanField(required=False, help_text="1: open actions past their due date only.")
    format = serializers.ChoiceField(choices=["json", "csv"], required=False)


class ImprovementCreateQuery(serializers.Serializer[Any]):
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=[k for k in SourceKind.values if k != SourceKind.SUGGESTION], required=False
    )
    ref = serializers.CharField(required=False, help_text="The complaint's reference, the alert's or theme's id.")


class ImprovementIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.CharField(required=False, allow_blank=True, default="", help_text="A department code.")
    business = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    product = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    reason = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=[k for k in SourceKind.values if k != SourceKind.SUGGESTION],
        required=False,
        help_text="What the suggestion comes from (also accepted in the query string).",
    )
    ref = serializers.CharField(required=False, allow_blank=True, default="")


class ImprovementTransitionIn(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=Status.choices, help_text="The state wanted; the action's own to reassign.")
    owner = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user id.")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Rejecting: why.")
    went_live_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Done: the day it went live (default today)."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ImprovementCommentIn(serializers.Serializer[Any]):
    note = serializers.CharField()


class ImprovementCodeOut(serializers.Serializer[Any]):
    kind = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class ImprovementSourceOut(serializers.Serializer[Any]):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    ref = serializers.CharField(allow_blank=True)
    label = serializers.CharField()  # type: ignore[assignment]
    link = serializers.CharField(allow_null=True)


class ImprovementEventOut(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField(help_text="What happened, in words.")  # type: ignore[assignment]
    at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text="None: the system (made from a resolution plan).")
    data = serializers.DictField()  # type: ignore[assignment]
    hash = serializers.CharField()


class ImprovementSummaryOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    owner = serializers.IntegerField(allow_null=True)
    owner_name = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    department_label = serializers.CharField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    went_live_on = serializers.DateField(allow_null=True)
    codes = ImprovementCodeOut(many=True)
    created_at = serializers.DateTimeField()


class ImprovementListOut(serializers.Serializer[Any]):
    results = ImprovementSummaryOut(many=True)


class ImprovementDetailOut(ImprovementSummaryOut):
    description = serializers.CharField(allow_blank=True)
    reject_reason = serializers.CharField(allow_blank=True)
    sources = ImprovementSourceOut(many=True)
    timeline = ImprovementEventOut(many=True)
    allowed_transitions = serializers.ListField(child=serializers.CharField())


class ImprovementEffectFiguresOut(serializers.Serializer[Any]):
    rate_before = serializers.FloatField(help_text="Complaints with the codes per complaint received, before.")
    rate_after = serializers.FloatField()
    rate_ratio = serializers.FloatField(help_text="After / before; below 1: fewer.")
    ci_low = serializers.FloatField(help_text="95 % confidence interval of the ratio.")
    ci_high = serializers.FloatField()
    p = serializers.FloatField()
    weeks_before = serializers.IntegerField()
    weeks_after = serializers.IntegerField()
    model = serializers.ChoiceField(choices=["poisson", "negative_binomial"])
    dispersion = serializers.FloatField(help_text="Pearson chi² / df of the Poisson fit (above 1.5: NB).")


class ImprovementEffectOut(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=["done", "not_done", "no_codes", "too_early", "not_estimable"])
    weeks_after = serializers.IntegerField()
    effect = ImprovementEffectFiguresOut(allow_null=True)
    explanation = serializers.CharField()
