from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from redress.analytics.services import facts_refresh
from redress.analytics.spike_scan import spikes_record


@shared_task(name="redress.analytics.tasks.analytics_refresh")
def analytics_refresh() -> int:
    """Periodic: count the complaints changed since the last refresh; returns how many."""
    return facts_refresh()


@shared_task(name="redress.analytics.tasks.analytics_spikes")
def analytics_spikes() -> int:
    """Nightly: the spike alerts of yesterday; returns how many."""
    return len(spikes_record(timezone.localdate() - timedelta(days=1)))
