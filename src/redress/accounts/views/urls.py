from django.urls import include, path

from redress.accounts.oidc.signout import SignOutView
from redress.accounts.views import away
from redress.accounts.views.signin import SignInView

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("accounts/away/", away.away, name="away"),
    path("accounts/away/<str:username>/", away.away, name="away_of"),
    path("", include("redress.accounts.oidc.urls")),
    path("", include("redress.accounts.security.urls")),
]
