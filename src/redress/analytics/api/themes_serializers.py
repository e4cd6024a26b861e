"""What the themes' API takes and answers, for the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ThemesQuery(serializers.Serializer[Any]):
    run = serializers.IntegerField(required=False, help_text="A run's id; default the latest run.")


class RunIn(serializers.Serializer[Any]):
    seed = serializers.IntegerField(required=False, default=0, min_value=0, help_text="Same seed, same themes.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        return {
            "from": serializers.DateField(help_text="The first day (YYYY-MM-DD)."),
            "to": serializers.DateField(help_text="The last day (YYYY-MM-DD), included."),
            **super().get_fields(),
        }


class NameIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, allow_blank=True, help_text="Blank: back to the theme's words.")


class PromoteIn(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40, help_text="The new root cause's code (a-z, 0-9, _ or -).")
    label_zh_hans = serializers.CharField(max_length=120)
    label_zh_hant = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    label_en = serializers.CharField(max_length=160)


class CodeCount(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The code (blank: not classified).", allow_blank=True)
    # A field named like Field.label: DRF takes it off the class as a declared field.
    label = serializers.CharField(help_text="The code's label in the reader's language.")  # type: ignore[assignment]
    count = serializers.IntegerField()


class Example(serializers.Serializer[Any]):
    reference = serializers.CharField()
    snippet = serializers.CharField(help_text="The complaint's words, personal data replaced by what it was.")


class ThemeOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="1: the largest theme of its run.")
    run = serializers.IntegerField()
    label = serializers.CharField(help_text="The manager's name for it, else its first words.")  # type: ignore[assignment]
    name = serializers.CharField(allow_blank=True)
    terms = serializers.ListField(child=serializers.CharField(), help_text="Its words, in the reader's language.")
    size = serializers.IntegerField(help_text="Complaints of the period in it (a department manager: theirs).")
    previous_size = serializers.IntegerField(help_text="Complaints of the previous period of the same length.")
    growth = serializers.FloatField(allow_null=True, help_text="Percent change; null where the previous had none.")
    business = CodeCount(many=True)
    reason = CodeCount(many=True)
    examples = Example(many=True)
    root_cause = serializers.CharField(allow_blank=True, help_text="The root cause code it was promoted to.")
    root_cause_label = serializers.CharField(allow_blank=True)


class Parameters(serializers.Serializer[Any]):
    k = serializers.IntegerField(help_text="Themes kept (those some text is in).")
    k_fitted = serializers.IntegerField(help_text="Themes fitted, by the rule.")
    vocabulary = serializers.IntegerField(help_text="Words that counted.")
    min_df = serializers.IntegerField(help_text="A word counted if in at least this many texts.")
    max_features = serializers.IntegerField()
    k_rule = serializers.CharField(help_text="How k follows from the period's size.")


class RunOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    previous_from = serializers.DateField()
    previous_to = serializers.DateField()
    seed = serializers.IntegerField()
    texts = serializers.IntegerField(help_text="Complaints of the period.")
    previous_texts = serializers.IntegerField()
    unassigned = serializers.IntegerField(help_text="Texts with no word that counts, in no theme.")
    parameters = Parameters(help_text="k, its rule, the vocabulary's size.")
    created_at = serializers.DateTimeField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {"from": serializers.DateField(), "to": serializers.DateField(), **super().get_fields()}


class ThemesOut(serializers.Serializer[Any]):
    run = RunOut(allow_null=True, help_text="Null before the first run.")
    themes = ThemeOut(many=True)
