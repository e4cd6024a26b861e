from django.urls import path

from redress.surveys import api

urlpatterns = [
    path("follow-ups/", api.FollowUps.as_view(), name="api-follow-ups"),
    path("reports/satisfaction/", api.SatisfactionReport.as_view(), name="api-satisfaction"),
]
