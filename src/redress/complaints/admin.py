"""Admin: approval tiers are edited here; complaints and plans are only looked at (no PII)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from redress.codes.forms import CodeChoiceField
from redress.complaints.models import Approval, ApprovalTier, Complaint, RedressItem, ResolutionPlan, RoutingRule

admin.site.site_header = _("redress administration")
admin.site.site_title = _("redress administration")
admin.site.index_title = _("Settings and records")


class ReadOnlyMixin:
    """Look, never touch: records a regulator may ask for are changed only through the services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApprovalTier)
class ApprovalTierAdmin(admin.ModelAdmin[ApprovalTier]):
    list_display = ("currency", "threshold", "approvals_required", "compliance_required")
    list_filter = ("currency", "compliance_required")
    ordering = ("currency", "threshold")


class RedressItemInline(ReadOnlyMixin, admin.TabularInline[RedressItem, ResolutionPlan]):
    model = RedressItem
    fields = ("type", "amount", "currency", "description")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ApprovalInline(ReadOnlyMixin, admin.TabularInline[Approval, ResolutionPlan]):
    model = Approval
    fields = ("approver", "role", "note", "approved_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ResolutionPlan)
class ResolutionPlanAdmin(ReadOnlyMixin, admin.ModelAdmin[ResolutionPlan]):
    list_display = (
        "complaint",
        "version",
        "status",
        "outcome",
        "total",
        "currency",
        "proposed_by",
        "proposed_at",
    )
    list_filter = ("status", "outcome")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint", "proposed_by")
    fields = (
        "complaint",
        "version",
        "status",
        "outcome",
        "summary",
        "improvements",
        "currency",
        "total",
        "approvals_required",
        "compliance_required",
        "proposed_by",
        "proposed_at",
        "decided_at",
    )
    readonly_fields = fields
    inlines = (RedressItemInline, ApprovalInline)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyMixin, admin.ModelAdmin[Complaint]):
    """No customer data here at all: the complaint page masks it and records reveals."""

    list_display = ("reference", "status", "channel", "received_at")
    list_filter = ("status", "channel", "urgent")  # choices only: no DISTINCT over the table
    search_fields = ("reference",)
    show_full_result_count = False
    fields = (
        "reference",
        "status",
        "channel",
        "jurisdiction",
        "language",
        "received_at",
        "registered_at",
        "registered_by",
        "product",
        "business",
        "urgent",
        "flags",
        "is_complaint",
        "department",
        "assignee",
        "merged_into",
        "outcome",
        "satisfaction",
        "satisfaction_score",
        "notified_at",
        "closed_at",
        "review_window_ends_at",
        "archived_at",
        "updated_at",
    )
    readonly_fields = fields


class RoutingRuleForm(forms.ModelForm[RoutingRule]):
    """Business line and product chosen from the code tables (blank: any)."""

    business = CodeChoiceField("business")
    product = CodeChoiceField("product")

    class Meta:
        model = RoutingRule
        fields = (
            "name",
            "priority",
            "business",
            "product",
            "jurisdiction",
            "channel",
            "department",
            "assign_handler",
            "active",
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    """Which department a classified complaint goes to; lower priority numbers apply first."""

    form = RoutingRuleForm

    list_display = ("priority", "name", "business", "product", "jurisdiction", "channel", "department", "active")
    list_display_links = ("name",)
    list_filter = ("active", "department", "jurisdiction", "channel")
    list_editable = ("active",)
    ordering = ("priority", "id")
    search_fields = ("name", "business", "product")
