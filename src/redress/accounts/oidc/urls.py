from django.urls import path

from redress.core.lazyviews import lazy_view

app_name = "oidc"
urlpatterns = [  # imported on first use: mozilla-django-oidc and requests only where single sign-on is used
    path("sso/start/", lazy_view("redress.accounts.oidc.views.StartView"), name="start"),
    path("sso/callback/", lazy_view("redress.accounts.oidc.views.CallbackView"), name="callback"),
]
