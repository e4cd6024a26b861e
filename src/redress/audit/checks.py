"""`redress check --deploy`: the audit chain anchored outside the database (audit/anchor.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_chain_anchored(app_configs: Any, **kwargs: Any) -> list[Warning]:
    key = settings.REDRESS_AUDIT_SIGNING_KEY_FILE
    if settings.PRODUCTION and not key and not settings.REDRESS_AUDIT_ANCHOR_FILE:
        return [
            Warning(
                "Audit checkpoints are neither signed nor copied outside the database: whoever can write to it "
                "can rebuild the hash chains unnoticed.",
                hint="Set REDRESS_AUDIT_SIGNING_KEY_FILE (redress audit keygen FILE) and/or REDRESS_AUDIT_ANCHOR_FILE.",
                id="redress.W002",
            )
        ]
    if key and Path(key).resolve().is_relative_to(Path(settings.HOME).resolve()):
        return [
            Warning(
                "The audit signing key is kept under REDRESS_HOME, beside the database it is to guard.",
                hint="Move it outside REDRESS_HOME (a mounted secret) and set REDRESS_AUDIT_SIGNING_KEY_FILE there.",
                id="redress.W003",
            )
        ]
    return []
