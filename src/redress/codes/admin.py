"""Compliance and admins keep the code tables: labels in three languages and the regulators' mappings."""

from __future__ import annotations

from django.contrib import admin

from redress.codes.models import BusinessLine, CfpbIssueRule, Product, Reason, RootCause

_LABELS = ("code", "label_zh_hans", "label_zh_hant", "label_en", "active", "order")


@admin.register(BusinessLine)
class BusinessLineAdmin(admin.ModelAdmin[BusinessLine]):
    list_display = _LABELS
    list_editable = ("active", "order")
    search_fields = ("code", "label_zh_hans", "label_zh_hant", "label_en")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin[Product]):
    list_display = (*_LABELS, "business", "fca_group", "fca_product", "cfpb_product")
    list_editable = ("active", "order")
    list_filter = ("business", "fca_group", "active")
    search_fields = ("code", "label_zh_hans", "label_zh_hant", "label_en", "cfpb_product")


@admin.register(Reason)
class ReasonAdmin(admin.ModelAdmin[Reason]):
    list_display = (*_LABELS, "fca_cause", "cfpb_issue")
    list_editable = ("active", "order")
    search_fields = ("code", "label_zh_hans", "label_zh_hant", "label_en")


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin[RootCause]):
    list_display = (*_LABELS, "fca_cause", "cfpb_issue")
    list_editable = ("active", "order")
    search_fields = ("code", "label_zh_hans", "label_zh_hant", "label_en")


@admin.register(CfpbIssueRule)
class CfpbIssueRuleAdmin(admin.ModelAdmin[CfpbIssueRule]):
    list_display = ("order", "reason", "words", "active")
    list_editable = ("active",)
    list_filter = ("reason", "active")
    search_fields = ("words", "reason")
