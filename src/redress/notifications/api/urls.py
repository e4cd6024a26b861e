from django.urls import path

from redress.notifications.api import views

urlpatterns = [
    path("notifications/", views.Notifications.as_view(), name="api-notifications"),
    path("notifications/preferences/", views.Preferences.as_view(), name="api-notification-preferences"),
    path("notifications/read/", views.NotificationsRead.as_view(), name="api-notifications-read"),
]
