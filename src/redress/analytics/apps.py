from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "redress.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        # Django: the writer reads models, ready only now.
        from redress.analytics.queue_filters import QUEUE_FILTER
        from redress.analytics.spike_scan import spike_messages
        from redress.complaints.extensions import queue_filters
        from redress.notifications.kinds import batch_writer

        batch_writer("spike_alert", spike_messages)
        queue_filters.add(QUEUE_FILTER)  # the queue lists a chart's bar as the chart counts it
