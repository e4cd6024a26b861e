"""What a mail-gateway worker process runs. Imports nothing of Django's models at import time,
so a freshly spawned process can unpickle these functions before `django.setup()`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redress.intake.adapters.email import Outcome


def init_process(settings_module: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django  # here, not above: this module is unpickled before Django is set up

    django.setup()


def process_raw(raw: bytes) -> Outcome:
    # after init_process() has set Django up in this worker process
    from django.db import close_old_connections

    from redress.intake.adapters.email import process_message

    close_old_connections()
    return process_message(raw)
