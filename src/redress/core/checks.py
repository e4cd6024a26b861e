"""`redress check --deploy`: what an operator must set that Django's own checks do not know of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def data_key_apart_from_data(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """The data key must not sit beside the data it protects: a copy of REDRESS_HOME would carry both."""
    home = Path(settings.HOME).resolve()
    key_file = settings.REDRESS_DATA_KEY_FILE
    # embedded with no key file named: the key file under REDRESS_HOME
    inside = Path(key_file).resolve().is_relative_to(home) if key_file else not settings.PRODUCTION
    if not inside:
        return []
    return [
        Warning(
            "The data key is kept under REDRESS_HOME, beside the data it encrypts.",
            hint="Set REDRESS_DATA_KEY, or REDRESS_DATA_KEY_FILE to a file outside REDRESS_HOME (a mounted secret).",
            id="redress.W001",
        )
    ]
