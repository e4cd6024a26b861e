from django.urls import path

from redress.intake.views import public as views

app_name = "intake"

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="new"),
    path("complaints/track/", views.complaint_track, name="track"),
]
