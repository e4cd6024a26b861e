from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "redress.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # Django: the signals connect once the app registry is ready
        from redress.notifications.kinds import message_writer
        from redress.triage import signals  # noqa: F401  - connects the cache invalidation
        from redress.triage.services import urgent_message

        message_writer("urgent_complaint", urgent_message)
