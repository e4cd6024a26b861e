from django.urls import path

from redress.notifications.views import inbox as views
from redress.notifications.views import preferences

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notifications, name="list"),
    path("notifications/<int:pk>/", views.notification, name="detail"),
    path("notifications/read/", views.notifications_read, name="read"),
    path("notifications/settings/", preferences.preferences, name="preferences"),
]
