"""Rebuild the compiled rules and re-read the active model version when they change."""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from redress.triage import rules, runtime
from redress.triage.models import TriageModelVersion, TriageRule


@receiver(post_save, sender=TriageRule)
@receiver(post_delete, sender=TriageRule)
def _rules_changed(sender: Any, **kwargs: Any) -> None:
    rules.invalidate()


@receiver(post_save, sender=TriageModelVersion)
@receiver(post_delete, sender=TriageModelVersion)
def _versions_changed(sender: Any, **kwargs: Any) -> None:
    runtime.invalidate()


_RULE_SETTINGS = {"REDRESS_TRIAGE_LARGE_AMOUNTS", "REDRESS_DEFAULT_CURRENCY", "DATABASES"}
_MODEL_SETTINGS = {"REDRESS_TRIAGE_MODEL_DIR", "DATABASES"}


@receiver(setting_changed)
def _settings_changed(setting: str = "", **kwargs: Any) -> None:
    if setting in _RULE_SETTINGS:
        rules.invalidate()
    if setting in _MODEL_SETTINGS:
        runtime.forget()
