from django.urls import path

from redress.access.views import pages

app_name = "access"

urlpatterns = [
    path("privacy/access/", pages.page, name="page"),
    path("privacy/access/csv/", pages.csv_download, name="csv"),
]
