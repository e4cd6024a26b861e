"""Admins edit deadline policies: clocks, lengths, pause reasons and extension steps."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from redress.deadlines.models import Clock, ClockRule, ExtensionStep, Policy


class ClockRuleInline(admin.TabularInline[ClockRule, Policy]):
    model = ClockRule
    extra = 0
    fields = ("kind", "regulatory", "amount", "unit", "starts_on", "met_on", "warn_before", "pause_reasons")
    show_change_link = True


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin[Policy]):
    list_display = ("code", "name", "country", "subdivision", "timezone", "review_window_days")
    search_fields = ("code", "name")
    inlines = [ClockRuleInline]


class ExtensionStepInline(admin.TabularInline[ExtensionStep, ClockRule]):
    model = ExtensionStep
    extra = 0
    fields = ("order", "total_amount", "approver_role", "notify_customer", "label")


@admin.register(ClockRule)
class ClockRuleAdmin(admin.ModelAdmin[ClockRule]):
    list_display = ("policy", "kind", "regulatory", "amount", "unit", "starts_on", "met_on")
    list_filter = ("policy", "kind", "regulatory")
    inlines = [ExtensionStepInline]


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin[Clock]):
    """Clocks change only through actions and the sweep: read-only here."""

    list_display = ("complaint", "kind", "state", "due_at", "warned_at", "met_at")
    list_filter = ("state", "kind", "regulatory")
    search_fields = ("complaint__reference",)
    raw_id_fields = ("complaint",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Clock | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Clock | None = None) -> bool:
        return False
