from django.urls import path

from redress.improvements.views import pages as views

app_name = "improvements"

urlpatterns = [
    path("improvements/", views.improvements, name="list"),
    path("improvements/new/", views.improvement_new, name="new"),
    path("improvements/<int:pk>/", views.improvement_detail, name="detail"),
    path("improvements/<int:pk>/transition/", views.improvement_transition, name="transition"),
    path("improvements/<int:pk>/comment/", views.improvement_comment, name="comment"),
]
