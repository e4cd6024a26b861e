from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "redress.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        # Django: models can be imported once the app registry is ready
        from django.db.models.signals import post_delete, post_save

        from redress.deadlines.models import ClockRule, ExtensionStep, Policy
        from redress.deadlines.policies import forget_policies

        for model in (Policy, ClockRule, ExtensionStep):
            post_save.connect(forget_policies, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(forget_policies, sender=model, dispatch_uid=f"forget-del-{model.__name__}")
