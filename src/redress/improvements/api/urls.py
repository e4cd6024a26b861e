from django.urls import path

from redress.improvements.api import views

urlpatterns = [
    path("improvements/", views.Improvements.as_view(), name="api-improvements"),
    path("improvements/<int:pk>/", views.Improvement.as_view(), name="api-improvement"),
    path("improvements/<int:pk>/transition/", views.ImprovementTransition.as_view(), name="api-improvement-transition"),
    path("improvements/<int:pk>/comment/", views.ImprovementComment.as_view(), name="api-improvement-comment"),
    path("improvements/<int:pk>/effect/", views.ImprovementEffect.as_view(), name="api-improvement-effect"),
]
