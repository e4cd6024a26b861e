"""Admin: the quarantine of inbound mail (view, retry, discard), social sources, duplicate links."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from redress.intake.adapters.email import inbound_discard, inbound_retry, parse
from redress.intake.models import InboundMessage, InboundStatus, PossibleDuplicate, SocialPost, SocialSource


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(_ReadOnly, admin.ModelAdmin[InboundMessage]):
    list_display = ("id", "received_at", "status", "reason", "subject", "complaint", "short_error")
    list_filter = ("status", "reason")
    search_fields = ("message_id", "complaint__reference")  # the subject is encrypted: not searchable
    fields = ("message_id", "received_at", "status", "reason", "error", "complaint", "processed_at", "preview")
    readonly_fields = fields
    actions = ["retry", "discard"]
    list_select_related = ("complaint",)

    @admin.display(description=_("error"))
    def short_error(self, obj: InboundMessage) -> str:
        return obj.error[:80]

    @admin.display(description=_("message as received (decoded)"))
    def preview(self, obj: InboundMessage) -> str:
        raw = bytes(obj.raw)
        try:
            _msg, mail = parse(raw)
            text = f"From: {mail.sender_name} <{mail.sender_email}>\nSubject: {mail.subject}\n\n{mail.text}"
        except Exception:
            text = raw.decode("utf-8", errors="replace")
        return format_html('<pre style="white-space:pre-wrap;max-width:80ch">{}</pre>', text)

    @admin.action(description=_("Process the selected quarantined messages again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> HttpResponse | None:
        done = failed = 0
        for row in queryset.filter(status=InboundStatus.QUARANTINED):
            outcome = inbound_retry(row.id)
            done, failed = (done + 1, failed) if outcome.status != "quarantined" else (done, failed + 1)
        self.message_user(
            request,
            ngettext("%(n)d message processed.", "%(n)d messages processed.", done) % {"n": done},
            messages.SUCCESS,
        )
        if failed:
            self.message_user(
                request,
                ngettext("%(n)d message failed again.", "%(n)d messages failed again.", failed) % {"n": failed},
                messages.WARNING,
            )
        return None

    @admin.action(description=_("Discard the selected quarantined messages (the bytes are kept)"))
    def discard(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> HttpResponse | None:
        n = sum(inbound_discard(row.id, reason="discarded_by_staff") for row in queryset)
        self.message_user(
            request, ngettext("%(n)d message discarded.", "%(n)d messages discarded.", n) % {"n": n}, messages.SUCCESS
        )
        return None


@admin.register(SocialSource)
class SocialSourceAdmin(admin.ModelAdmin[SocialSource]):
    """Sources are created with `redress social-source add NAME` (it shows the secret once)."""

    list_display = ("name", "active", "created_at")
    fields = ("name", "active", "created_at")
    readonly_fields = ("name", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SocialPost)
class SocialPostAdmin(_ReadOnly, admin.ModelAdmin[SocialPost]):
    list_display = ("source", "post_id", "complaint", "received_at")
    list_select_related = ("source", "complaint")


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(_ReadOnly, admin.ModelAdmin[PossibleDuplicate]):
    list_display = ("complaint", "other", "score", "matched_on", "created_at")
    list_select_related = ("complaint", "other")
