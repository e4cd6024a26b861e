from django.urls import path

from redress.access.api import views

urlpatterns = [
    path("privacy/access/", views.AccessRecords.as_view(), name="api-privacy-access"),
]
