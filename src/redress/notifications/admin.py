from django.contrib import admin

from redress.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("user", "complaint", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("complaint", "user")
