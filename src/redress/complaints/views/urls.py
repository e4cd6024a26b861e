from django.urls import path

from redress.complaints.views import pages

app_name = "complaints"

urlpatterns = [
    path("", pages.queue, name="queue"),
]
