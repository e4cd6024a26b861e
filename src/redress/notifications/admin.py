from django.contrib import admin

from redress.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("user", "complaint", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("complaint", "user")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ("user", "kind", "in_app", "email")
    list_filter = ("kind",)
    raw_id_fields = ("user",)
