"""What the case library's API takes and answers (for the schema and the shape tests)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CaseQuery(serializers.Serializer[Any]):
    business = serializers.CharField(required=False, help_text="Business line codes, comma-separated.")
    reason = serializers.CharField(required=False, help_text="Complaint reason codes, comma-separated.")
    outcome = serializers.CharField(required=False, help_text="upheld, partly_upheld, not_upheld (comma-separated).")
    q = serializers.CharField(required=False, help_text="Words in the lesson and the scrubbed texts.")
    required_for_year = serializers.IntegerField(required=False, help_text="Only the cases required in this year.")


class CaseIn(serializers.Serializer[Any]):
    complaint = serializers.CharField(help_text="The reference of a closed complaint.")
    lesson = serializers.CharField(help_text="What others should learn; personal data is taken out when saved.")
    required_for_year = serializers.IntegerField(required=False, allow_null=True)


class CasePatchIn(serializers.Serializer[Any]):
    lesson = serializers.CharField(required=False)
    required_for_year = serializers.IntegerField(required=False, allow_null=True)


class RedressOut(serializers.Serializer[Any]):
    type = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()


class CaseRowOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    lesson = serializers.CharField()
    business = serializers.CharField()
    reason = serializers.CharField()
    outcome = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    required_for_year = serializers.IntegerField(allow_null=True)


class CasesOut(serializers.Serializer[Any]):
    results = CaseRowOut(many=True)
    count = serializers.IntegerField()


class CaseOut(serializers.Serializer[Any]):
    """A teaching case: every text with personal data taken out (shown as "[phone number]" and the like)."""

    id = serializers.IntegerField()
    lesson = serializers.CharField()
    required_for_year = serializers.IntegerField(allow_null=True)
    marked_by = serializers.CharField(allow_null=True)
    marked_at = serializers.DateTimeField()
    business = serializers.CharField()
    product = serializers.CharField()
    reason = serializers.CharField()
    root_cause = serializers.CharField()
    outcome = serializers.CharField()
    jurisdiction = serializers.CharField()
    channel = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    what_happened = serializers.CharField()
    desired_outcome = serializers.CharField()
    what_was_found = serializers.CharField()
    resolution = serializers.CharField()
    redress = RedressOut(many=True)
    letter = serializers.CharField()
    complaint = serializers.CharField(
        allow_null=True, help_text="The complaint's reference: for compliance and managers only (else null)."
    )
    read_this_year = serializers.BooleanField()


class UnmarkedOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unmarked_at = serializers.DateTimeField(help_text="When it left the library; its history stays.")


class GuideRowOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="In the reader's language, else another.")
    situation = serializers.CharField(allow_null=True)
    required_for_year = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()


class GuidesOut(serializers.Serializer[Any]):
    results = GuideRowOut(many=True)


class GuideQuery(serializers.Serializer[Any]):
    business = serializers.CharField(required=False, help_text="A business line code: its guides and the general ones.")
    situation = serializers.CharField(required=False, help_text="A situation code.")


class GuideOut(GuideRowOut):
    business_lines = serializers.ListField(child=serializers.CharField())
    body_markdown = serializers.CharField()
    body_html = serializers.CharField(help_text="The Markdown rendered and sanitised.")
    read_this_year = serializers.BooleanField()


class ConfirmOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    confirmed_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="False when it was already confirmed this year.")


class TrainingQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, help_text="Default: this year.")
    department = serializers.CharField(required=False, help_text='A department code, or "none".')
    format = serializers.ChoiceField(choices=["json", "csv"], required=False)


class RequiredOut(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["case", "guide"])
    id = serializers.IntegerField()
    title = serializers.CharField()


class StaffOut(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    read = serializers.IntegerField()
    complete = serializers.BooleanField()
    missing = RequiredOut(many=True)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `required` is an attribute of every DRF field, so it cannot be declared as a class attribute.
        return {**super().get_fields(), "required": serializers.IntegerField(help_text="How many items are required.")}


class DepartmentOut(serializers.Serializer[Any]):
    code = serializers.CharField(help_text='"" for the staff without a department.')
    name = serializers.CharField()
    staff_count = serializers.IntegerField()
    complete = serializers.IntegerField()
    incomplete = serializers.IntegerField()
    staff = StaffOut(many=True)


class TrainingOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    departments = DepartmentOut(many=True)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `required` is an attribute of every DRF field, so it cannot be declared as a class attribute.
        return {**super().get_fields(), "required": RequiredOut(many=True)}
