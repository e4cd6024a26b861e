"""What every app may record about itself for the operators: when a periodic job last ran."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a named job ran to its end (the worker's heartbeat task, the deadline sweep).

    One row a name, overwritten each time: `/readyz` and the metrics read how old it is.
    """

    name = models.CharField(max_length=50, primary_key=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} at {self.at.isoformat()}"
