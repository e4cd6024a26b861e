from django.urls import path

from redress.analytics.views import dashboard, themes

app_name = "analytics"

urlpatterns = [
    path("analytics/", dashboard.dashboard, name="dashboard"),
    path("analytics/themes/", themes.themes_page, name="themes"),
    path("analytics/themes/<int:theme_id>/", themes.theme_page, name="theme"),
]
