from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesConfig(AppConfig):
    name = "redress.codes"
    label = "codes"
    verbose_name = _("Codes")

    def ready(self) -> None:
        # Django: the signals connect once the app registry is ready
        from redress.codes import signals  # noqa: F401  - clears the lookup cache when a table changes
