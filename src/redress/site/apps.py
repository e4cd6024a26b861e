from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The assembled site: `redress serve` (migrate, first-start demo, web, worker, scheduler) and the demo."""

    name = "redress.site"
    label = "site"
    verbose_name = _("Site")
