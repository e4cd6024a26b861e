from django.urls import path

from redress.analytics.views import dashboard

app_name = "analytics"

urlpatterns = [
    path("analytics/", dashboard.dashboard, name="dashboard"),
]
