from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "redress.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # the sign-in log and the session clock listen to Django's sign-in signals
        from redress.accounts.oidc import checks  # noqa: F401 - the single-sign-on settings checks
        from redress.accounts.security import lockout, sessions  # noqa: F401
