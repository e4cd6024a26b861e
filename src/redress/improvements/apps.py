from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "redress.improvements"
    verbose_name = _("Improvement actions")

    def ready(self) -> None:
        # Django: the hooks import models, ready only now.
        from redress.improvements import hooks
        from redress.improvements.notices import owner_message, reminder_message
        from redress.notifications.kinds import message_writer

        hooks.install()
        message_writer("improvement_owner", owner_message)
        message_writer("improvement_reminder", reminder_message)
