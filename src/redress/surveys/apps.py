from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "redress.surveys"
    verbose_name = _("Satisfaction and follow-up")

    def ready(self) -> None:
        # Django: the hooks import models, ready only now.
        from redress.surveys import hooks

        hooks.install()
