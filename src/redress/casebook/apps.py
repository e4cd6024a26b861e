from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasebookConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "redress.casebook"
    label = "casebook"
    verbose_name = _("Case library and training")

    def ready(self) -> None:
        # Django: the hooks import models, ready only now.
        from redress.casebook import hooks

        hooks.install()
