from django.urls import path

from redress.intake.api import views

urlpatterns = [
    path("social/<slug:source>/", views.SocialWebhook.as_view(), name="api-intake-social"),
]
