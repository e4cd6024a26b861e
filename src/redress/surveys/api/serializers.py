"""What the surveys API takes (query strings) and answers, for the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.complaints.choices import Satisfaction
from redress.core.api import PeriodOut


class FollowUpsQuery(serializers.Serializer[Any]):
    mine = serializers.BooleanField(required=False, help_text="1: only the caller's visits.")


class FollowUpOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    complaint = serializers.CharField(help_text="The complaint's reference.")
    due_on = serializers.DateField()
    rules = serializers.ListField(child=serializers.CharField(), help_text="The rules that scheduled the visit.")
    assignee = serializers.CharField(allow_null=True, help_text="A username.")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, allow_blank=True)


class FollowUpsOut(serializers.Serializer[Any]):
    results = FollowUpOut(many=True)


def _percent() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, help_text="%; None: none yet.")


def _mean() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True, help_text="1–5; None: none.")


class ClosedSatisfactionOut(serializers.Serializer[Any]):
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    no_response = serializers.IntegerField()
    satisfaction_rate = _percent()
    mean_score = _mean()


class SurveysSentOut(serializers.Serializer[Any]):
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    reviews = serializers.IntegerField(help_text="Answers that asked for a review.")
    response_rate = _percent()


class FollowUpsDoneOut(serializers.Serializer[Any]):
    done = serializers.IntegerField()
    reached = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    satisfaction_rate = _percent()
    mean_score = _mean()
    open_due = serializers.IntegerField(help_text="Open visits due by the end of the period.")


class SatisfactionReportOut(PeriodOut):
    """Satisfaction in the period: of the complaints closed, the surveys sent, the follow-up visits made."""

    closed = ClosedSatisfactionOut(help_text="Complaints closed in the period, by the satisfaction recorded.")
    surveys = SurveysSentOut(help_text="Surveys sent in the period.")
    follow_ups = FollowUpsDoneOut(help_text="Follow-up visits made in the period.")
