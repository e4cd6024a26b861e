from django.urls import path

from redress.surveys.api import views

urlpatterns = [
    path("follow-ups/", views.FollowUps.as_view(), name="api-follow-ups"),
    path("reports/satisfaction/", views.SatisfactionReport.as_view(), name="api-satisfaction"),
]
