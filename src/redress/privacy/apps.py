from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Field and file encryption, blind indexes, masking, the log filter: no models of its own."""

    name = "redress.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
