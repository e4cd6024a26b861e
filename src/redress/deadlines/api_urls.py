from django.urls import path

from redress.deadlines import api

urlpatterns = [
    path("notifications/", api.Notifications.as_view(), name="api-notifications"),
    path("notifications/read/", api.NotificationsRead.as_view(), name="api-notifications-read"),
]
