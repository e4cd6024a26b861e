"""Compliance keeps the guides (Markdown in three languages) and the situations they are about.

The admin site lets in staff accounts (`is_staff`); a compliance officer given one edits the guides and
situations here without further model permissions (and nothing else of the admin through this)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from redress.accounts.models import Role
from redress.casebook.models import Guide, Situation


class _ComplianceEdits:
    """Compliance may see and change these tables; everyone else as their model permissions say."""

    def _compliance(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "role", None) == Role.COMPLIANCE)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._compliance(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._compliance(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._compliance(request) or super().has_add_permission(request)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._compliance(request) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._compliance(request) or super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(Situation)
class SituationAdmin(_ComplianceEdits, admin.ModelAdmin[Situation]):
    list_display = ("code", "label_zh_hans", "label_zh_hant", "label_en", "order")
    list_editable = ("order",)


@admin.register(Guide)
class GuideAdmin(_ComplianceEdits, admin.ModelAdmin[Guide]):
    list_display = ("__str__", "situation", "required_for_year", "active", "order", "updated_at")
    list_editable = ("active", "order")
    list_filter = ("situation", "required_for_year", "active", "business_lines")
    search_fields = ("title_zh_hans", "title_zh_hant", "title_en", "body_zh_hans", "body_zh_hant", "body_en")
    filter_horizontal = ("business_lines",)
    fieldsets = (
        (None, {"fields": ("situation", "business_lines", "required_for_year", "active", "order")}),
        ("简体中文", {"fields": ("title_zh_hans", "body_zh_hans")}),
        ("繁體中文", {"fields": ("title_zh_hant", "body_zh_hant")}),
        ("English", {"fields": ("title_en", "body_en")}),
    )
