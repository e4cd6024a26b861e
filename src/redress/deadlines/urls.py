from django.urls import path

from redress.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("deadlines/board/", views.board, name="board"),
]
