from django.urls import path

from redress.analytics.api import themes, views

urlpatterns = [
    path("analytics/volume/", views.VolumeChart.as_view(), name="api-analytics-volume"),
    path("analytics/business-reason/", views.BusinessReasonChart.as_view(), name="api-analytics-business-reason"),
    path("analytics/pareto/", views.ParetoChart.as_view(), name="api-analytics-pareto"),
    path("analytics/timeliness/", views.TimelinessChart.as_view(), name="api-analytics-timeliness"),
    path("analytics/outcomes/", views.OutcomesChart.as_view(), name="api-analytics-outcomes"),
    path("analytics/ageing/", views.AgeingChart.as_view(), name="api-analytics-ageing"),
    path("analytics/spikes/", views.SpikesList.as_view(), name="api-analytics-spikes"),
    path("analytics/satisfaction/", views.SatisfactionChart.as_view(), name="api-analytics-satisfaction"),
    path("analytics/enquiries/", views.EnquiriesChart.as_view(), name="api-analytics-enquiries"),
    path("analytics/themes/", themes.ThemesList.as_view(), name="api-analytics-themes"),
    path("analytics/themes/run/", themes.ThemesRun.as_view(), name="api-analytics-themes-run"),
    path("analytics/themes/<int:theme_id>/", themes.ThemeName.as_view(), name="api-analytics-theme"),
    path("analytics/themes/<int:theme_id>/promote/", themes.ThemePromote.as_view(), name="api-analytics-theme-promote"),
]
