from django.urls import path

from redress.deadlines.views import board as views

app_name = "deadlines"

urlpatterns = [
    path("deadlines/board/", views.board, name="board"),
]
