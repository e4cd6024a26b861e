"""What the deadline board's API answers, for the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class _DueCounts(serializers.Serializer[Any]):
    overdue = serializers.IntegerField()
    today = serializers.IntegerField()
    week = serializers.IntegerField(help_text="Due in the next 7 days.")


class DepartmentDueOut(_DueCounts):
    department = serializers.CharField(allow_null=True, help_text="A department code; None: no department.")


class HandlerDueOut(_DueCounts):
    assignee = serializers.CharField(allow_null=True, help_text="A username; None: not assigned.")


class BoardOut(serializers.Serializer[Any]):
    now = serializers.DateTimeField()
    by_department = DepartmentDueOut(many=True)
    by_handler = HandlerDueOut(many=True)
    targets_by_department = DepartmentDueOut(many=True, help_text="Internal targets (not regulatory), by department.")
    targets_by_handler = HandlerDueOut(many=True, help_text="Internal targets (not regulatory), by handler.")
