"""Admins edit the flag rules and choose the model version in use."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from redress.core.errors import ApplicationError
from redress.triage import rules
from redress.triage.models import TriageModelVersion, TriageRule, TriageSuggestion
from redress.triage.services import activate_version


@admin.register(TriageRule)
class TriageRuleAdmin(admin.ModelAdmin[TriageRule]):
    list_display = ("flag", "language", "pattern", "is_regex", "active", "updated_at")
    list_filter = ("flag", "language", "is_regex", "active")
    list_editable = ("active",)
    search_fields = ("pattern",)
    actions = ["make_active", "make_inactive"]

    @admin.action(description=_("Activate the selected rules"))
    def make_active(self, request: HttpRequest, queryset: QuerySet[TriageRule]) -> None:
        queryset.update(active=True)
        rules.invalidate()

    @admin.action(description=_("Deactivate the selected rules"))
    def make_inactive(self, request: HttpRequest, queryset: QuerySet[TriageRule]) -> None:
        queryset.update(active=False)
        rules.invalidate()


@admin.register(TriageModelVersion)
class TriageModelVersionAdmin(admin.ModelAdmin[TriageModelVersion]):
    list_display = ("version", "active", "created_at", "artifact", "artifact_bytes", "headline", "notes")
    readonly_fields = ("version", "created_at", "artifact", "artifact_bytes", "sha256", "metrics", "training", "active")
    fields = (*readonly_fields, "notes")
    actions = ["activate"]

    @admin.display(description=_("figures"))
    def headline(self, obj: TriageModelVersion) -> str:
        return "; ".join(
            f"{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in m["headline"].items())
            for name, m in (obj.metrics or {}).items()
            if isinstance(m, dict) and "headline" in m
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from `redress triage train`

    @admin.action(description=_("Activate this version"))
    def activate(self, request: HttpRequest, queryset: QuerySet[TriageModelVersion]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one version to activate."), messages.ERROR)
            return
        version = queryset.get()
        try:
            activate_version(version.version)
        except ApplicationError as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)
            return
        self.message_user(request, _("Version %(v)s is now in use.") % {"v": version.version}, messages.SUCCESS)


@admin.register(TriageSuggestion)
class TriageSuggestionAdmin(admin.ModelAdmin[TriageSuggestion]):
    """What triage suggested at registration: a record, read-only."""

    list_display = ("complaint", "business", "product", "is_complaint", "urgent", "confidence", "model_version")
    list_filter = ("urgent", "is_complaint", "business")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint", "model_version")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
