"""Compliance keeps the guides (Markdown in three languages) and the situations they are about.

The admin site lets in staff accounts (`is_staff`); a compliance officer given one edits guides here."""

from __future__ import annotations

from django.contrib import admin

from redress.casebook.models import Guide, Situation


@admin.register(Situation)
class SituationAdmin(admin.ModelAdmin[Situation]):
    list_display = ("code", "label_zh_hans", "label_zh_hant", "label_en", "order")
    list_editable = ("order",)


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin[Guide]):
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
