from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "redress.improvements"
    verbose_name = _("Improvement actions")

    def ready(self) -> None:
        # Django: the hooks import models, ready only now.
        from redress.improvements import hooks

        hooks.install()
