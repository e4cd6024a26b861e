from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "redress.correspondence"
    label = "correspondence"
    verbose_name = _("Correspondence")

    def ready(self) -> None:
        # Django: models can be imported once the app registry is ready
        from django.db.models.signals import post_delete, post_save

        from redress.correspondence.models import LetterTemplate
        from redress.correspondence.rendering import forget_templates

        post_save.connect(forget_templates, sender=LetterTemplate, dispatch_uid="forget-letter-templates")
        post_delete.connect(forget_templates, sender=LetterTemplate, dispatch_uid="forget-del-letter-templates")
