from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "redress.intake"
    label = "intake"
    verbose_name = _("Intake channels")

    def ready(self) -> None:
        # Every channel (phone, staff, API too): duplicates flagged, a tracking code issued and sent where
        # there is an address (intake.tracking). Registration calls them.
        from redress.complaints import extensions
        from redress.intake.services import duplicates_flag
        from redress.intake.tracking import tracking_on_register

        extensions.on_register.add(duplicates_flag)
        extensions.on_register.add(tracking_on_register)
