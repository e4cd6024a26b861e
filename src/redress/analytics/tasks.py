from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from redress.analytics.services import facts_refresh
from redress.analytics.themes.periods import weekly_period
from redress.analytics.themes.services import themes_run
from redress.analytics.volume_band import spikes_night


@shared_task(name="redress.analytics.tasks.analytics_refresh")
def analytics_refresh() -> int:
    """Periodic: count the complaints changed since the last refresh; returns how many."""
    return facts_refresh()


@shared_task(name="redress.analytics.tasks.analytics_spikes")
def analytics_spikes() -> int:
    """Nightly: the spike alerts of yesterday, and its expected volume; returns how many alerts."""
    return len(spikes_night(timezone.localdate() - timedelta(days=1)))


@shared_task(name="redress.analytics.tasks.analytics_themes")
def analytics_themes() -> int:
    """Weekly: the themes of the last four full weeks (Monday to Sunday) against the four before; the run's id."""
    start, end = weekly_period(timezone.localdate())
    return themes_run(start=start, end=end).id
