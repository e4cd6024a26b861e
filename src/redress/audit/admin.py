"""Admin: the audit record, to read only. Nothing is added, changed or deleted here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from redress.audit.models import Checkpoint, Event


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin[Event]):
    list_display = ("complaint", "seq", "kind", "actor_kind", "actor", "created_at")
    list_filter = ("kind", "actor_kind")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint", "actor")
    show_full_result_count = False
    fields = (
        "complaint",
        "seq",
        "kind",
        "actor_kind",
        "actor",
        "created_at",
        "data",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyMixin, admin.ModelAdmin[Checkpoint]):
    list_display = ("id", "created_at", "last_event_id", "heads_count", "hash")
    fields = ("created_at", "last_event_id", "heads_count", "prev_hash", "hash", "key_id", "signature")
    readonly_fields = fields
