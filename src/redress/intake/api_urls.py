from django.urls import path

from redress.intake import api

urlpatterns = [
    path("social/<slug:source>/", api.SocialWebhook.as_view(), name="api-intake-social"),
]
