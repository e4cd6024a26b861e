from django.urls import path

from redress.accounts.oidc import views

app_name = "oidc"
urlpatterns = [
    path("sso/start/", views.StartView.as_view(), name="start"),
    path("sso/callback/", views.CallbackView.as_view(), name="callback"),
]
