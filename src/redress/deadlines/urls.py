from django.urls import path

from redress.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("deadlines/board/", views.board, name="board"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification, name="notification"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
