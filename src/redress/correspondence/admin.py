"""Admin: the letter templates (editable), and letters and the outbox to look at delivery (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import Textarea
from django.http import HttpRequest

from redress.correspondence.models import Letter, LetterTemplate, OutboxMessage


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyMixin, admin.ModelAdmin[Letter]):
    list_display = ("complaint", "kind", "channel", "language", "status", "created_at", "sent_at")
    list_filter = ("kind", "status", "channel", "language")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint",)
    show_full_result_count = False
    # The body greets the customer by name: it is read on the complaint page, masked there.
    fields = (
        "complaint",
        "kind",
        "channel",
        "language",
        "subject",
        "status",
        "created_by",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyMixin, admin.ModelAdmin[OutboxMessage]):
    list_display = (
        "id",
        "letter",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("letter__complaint__reference", "subject")
    list_select_related = ("letter",)
    show_full_result_count = False
    fields = (
        "letter",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    """Admins edit the letters' texts. A template with a syntax error, or without one of its required
    elements, is refused by the model's clean() (the form shows why)."""

    list_display = ("kind", "jurisdiction", "language", "subject", "updated_at")
    list_filter = ("kind", "jurisdiction", "language")
    search_fields = ("subject", "body")
    fields = ("kind", "jurisdiction", "language", "subject", "body", "required_elements", "updated_at")
    readonly_fields = ("updated_at",)
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 30, "cols": 110})}}
