"""What the dashboard's API takes and answers, for the schema: one answer per chart, `rows` as drawn."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class AnalyticsQuery(serializers.Serializer[Any]):
    """The dashboard's filters, each optional; the code filters take codes, comma-separated."""

    jurisdiction = serializers.CharField(required=False, help_text="Jurisdiction codes, e.g. CN-NFRA,UK-FCA.")
    department = serializers.CharField(required=False, help_text="Department codes.")
    channel = serializers.CharField(required=False, help_text="Channel codes.")
    business = serializers.CharField(required=False, help_text="Business line codes.")
    product = serializers.CharField(required=False, help_text="Product codes.")
    reason = serializers.CharField(required=False, help_text="Reason codes.")
    format = serializers.ChoiceField(
        choices=["json", "csv"], required=False, help_text="csv: the same rows as a CSV file."
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        return {
            "from": serializers.DateField(required=False, help_text="The first day (YYYY-MM-DD)."),
            "to": serializers.DateField(required=False, help_text="The last day (YYYY-MM-DD), included."),
            **super().get_fields(),
        }


class VolumeQuery(AnalyticsQuery):
    interval = serializers.ChoiceField(choices=["day", "week", "month"], required=False, help_text="Default month.")


class VolumeRow(serializers.Serializer[Any]):
    period = serializers.DateField(help_text="The bucket's first day.")
    received = serializers.IntegerField()
    closed = serializers.IntegerField()


class QueueFilter(serializers.Serializer[Any]):
    parameter = serializers.CharField(help_text="The queue's filter for the series: its dimension.")
    value = serializers.CharField(help_text="The series' code (a department's code).")
    received_from = serializers.DateField()
    received_to = serializers.DateField()


class Alert(serializers.Serializer[Any]):
    day = serializers.DateField()
    dimension = serializers.ChoiceField(
        choices=["channel", "business", "reason", "product", "department", "jurisdiction"]
    )
    dimension_label = serializers.CharField(help_text="The dimension in the reader's language.")
    key = serializers.CharField(help_text="The series' code (a department's id).")
    # A field named like Field.label: DRF takes it off the class as a declared field.
    label = serializers.CharField(help_text="The series in the reader's language.")  # type: ignore[assignment]
    series_label = serializers.CharField(help_text="Dimension and series in words, e.g. 'Channel: Web'.")
    count = serializers.IntegerField(help_text="Complaints received that day in that series.")
    expected = serializers.FloatField(help_text="What the recent past predicted.")
    level = serializers.ChoiceField(
        choices=["amber", "red"], help_text="amber: p < 0.01 (p < 0.02 where 8 or more are expected); red: p < 0.001."
    )
    level_label = serializers.CharField()
    queue = QueueFilter(help_text="The queue's filter for that series and day.")


class VolumeAlert(Alert):
    period = serializers.DateField(help_text="The first day of the bucket the alert's day falls in.")


class ExpectedRow(serializers.Serializer[Any]):
    period = serializers.DateField()
    expected = serializers.FloatField(help_text="The expected count of the day.")
    upper = serializers.IntegerField(help_text="The smallest count that would have been an alert (amber).")


class VolumeOut(serializers.Serializer[Any]):
    interval = serializers.ChoiceField(choices=["day", "week", "month"])
    rows = VolumeRow(many=True)
    expected = ExpectedRow(
        many=True,
        help_text="Per day (interval=day only) of the whole institution's series, or of one jurisdiction's when "
        "that is the only filter; empty for any other selection.",
    )
    alerts = VolumeAlert(many=True, help_text="The spike alerts of the period inside the filters.")


class SpikesOut(serializers.Serializer[Any]):
    rows = Alert(many=True, help_text="Oldest first.")


class BusinessReasonRow(serializers.Serializer[Any]):
    business = serializers.CharField()
    business_label = serializers.CharField()
    reason = serializers.CharField()
    reason_label = serializers.CharField()
    count = serializers.IntegerField()


class BusinessReasonOut(serializers.Serializer[Any]):
    rows = BusinessReasonRow(many=True)


class ParetoRow(serializers.Serializer[Any]):
    reason = serializers.CharField()
    reason_label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="Per cent of all complaints in the chart.")
    cumulative_share = serializers.FloatField(help_text="Per cent, this reason and those above it.")


class ParetoOut(serializers.Serializer[Any]):
    rows = ParetoRow(many=True)


class TimelinessRow(serializers.Serializer[Any]):
    jurisdiction = serializers.CharField()
    jurisdiction_label = serializers.CharField()
    closed_within_3_business_days = serializers.IntegerField()
    closed_within_deadline = serializers.IntegerField(help_text="After 3 business days, by the deadline.")
    closed_after_deadline = serializers.IntegerField()
    open_on_time = serializers.IntegerField()
    open_past_80_percent = serializers.IntegerField(help_text="Open, 80 % of the time to the deadline gone.")
    open_breached = serializers.IntegerField(help_text="Open, past the deadline.")


class TimelinessOut(serializers.Serializer[Any]):
    rows = TimelinessRow(many=True)


class Money(serializers.Serializer[Any]):
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)


class OutcomeRow(serializers.Serializer[Any]):
    business = serializers.CharField()
    business_label = serializers.CharField()
    closed = serializers.IntegerField()
    upheld = serializers.IntegerField()
    partly_upheld = serializers.IntegerField()
    not_upheld = serializers.IntegerField()
    upheld_rate = serializers.FloatField(help_text="Per cent of those closed.")
    partly_upheld_rate = serializers.FloatField()
    not_upheld_rate = serializers.FloatField()
    redress_paid = Money(many=True, help_text="Per currency.")


class OutcomesOut(serializers.Serializer[Any]):
    rows = OutcomeRow(many=True)


class AgeingRow(serializers.Serializer[Any]):
    bucket = serializers.CharField()
    bucket_label = serializers.CharField()
    count = serializers.IntegerField()
    received_from = serializers.DateField(allow_null=True)
    received_to = serializers.DateField()


class AgeingOut(serializers.Serializer[Any]):
    rows = AgeingRow(many=True)


class SatisfactionRow(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM, the month closed.")
    closed = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    no_response = serializers.IntegerField()
    not_asked = serializers.IntegerField()
    review_requested = serializers.IntegerField()
    satisfied_rate = serializers.FloatField(help_text="Per cent of those who answered.")


class SatisfactionOut(serializers.Serializer[Any]):
    rows = SatisfactionRow(many=True)


class EnquiriesRow(serializers.Serializer[Any]):
    channel = serializers.CharField()
    channel_label = serializers.CharField()
    count = serializers.IntegerField()


class EnquiriesOut(serializers.Serializer[Any]):
    rows = EnquiriesRow(many=True)
