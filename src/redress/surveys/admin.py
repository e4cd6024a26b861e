from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from redress.surveys.models import FollowUpRule, FollowUpTask, Survey


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(admin.ModelAdmin[FollowUpRule]):
    list_display = ("name", "condition", "sample_percent", "days_after_close", "jurisdiction", "active")
    list_editable = ("active",)


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(admin.ModelAdmin[FollowUpTask]):
    list_display = ("complaint", "due_on", "status", "assignee", "reached", "result", "score")
    list_filter = ("status", "result")
    readonly_fields = ("complaint", "rules", "done_at", "done_by", "reached", "result", "score", "summary")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    """Read-only: the answers are the customer's."""

    list_display = ("complaint", "created_at", "expires_at", "answered_at", "result", "score")
    list_filter = ("result",)
    exclude = ("comment",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
