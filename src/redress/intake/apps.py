from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "redress.intake"
    label = "intake"
    verbose_name = _("Intake channels")

    def ready(self) -> None:
        # Registers the `mail_fetch` task with Celery once the models are loaded (config/celery.py
        # autodiscovers the other apps' tasks by name).
        # Duplicate detection runs on every channel (phone, staff, API too): registration calls it.
        from redress.complaints import extensions
        from redress.intake import tasks  # noqa: F401
        from redress.intake.services import duplicates_flag

        extensions.on_register.add(duplicates_flag)
