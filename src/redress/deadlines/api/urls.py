from django.urls import path

from redress.deadlines.api import views

urlpatterns = [
    path("deadlines/board/", views.DeadlineBoard.as_view(), name="api-deadline-board"),
    path("notifications/", views.Notifications.as_view(), name="api-notifications"),
    path("notifications/read/", views.NotificationsRead.as_view(), name="api-notifications-read"),
]
