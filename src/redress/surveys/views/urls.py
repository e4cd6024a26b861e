from django.urls import path

from redress.surveys.views import pages as views

app_name = "surveys"

urlpatterns = [
    path("survey/<str:token>/", views.survey, name="survey"),
    path("survey/<str:token>/review/", views.review, name="review"),
    path("follow-ups/", views.followups, name="followups"),
]
