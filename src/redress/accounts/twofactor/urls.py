from django.urls import path

from redress.accounts.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("account/two-factor/", views.verify, name="verify"),
    path("account/two-factor/setup/", views.setup, name="setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/two-factor/off/", views.disable, name="disable"),
    path("account/security/", views.security, name="security"),
]
