from django.urls import path

from redress.deadlines.api import views

urlpatterns = [
    path("deadlines/board/", views.DeadlineBoard.as_view(), name="api-deadline-board"),
]
