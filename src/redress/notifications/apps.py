from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """A person's in-app notifications (deadline digests, review requests, urgent complaints) and their e-mail."""

    name = "redress.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
