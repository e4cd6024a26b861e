"""gunicorn's settings (`redress.config.gunicorn`): what the master does before it forks the web processes.

The memory this saves, measured on a running server, is in test_web_memory.py.
"""

from __future__ import annotations

import gc
import os
import threading
from typing import Any

import pytest
from django.db import connections

from redress.config import gunicorn
from redress.triage import runtime
from redress.triage.ml.triage_model import TriageModel


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # leaves the seeded rows for later tests
def test_it_serves_the_public_pages_in_every_language_before_the_workers_start() -> None:
    assert gunicorn.warm_pages() == ["200 OK"] * 6  # sign-in and the public form, in zh-hans, zh-hant and en


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # leaves the seeded rows for later tests
def test_the_workers_it_forks_have_the_model_and_no_thread_or_connection_of_the_master() -> None:
    runtime.forget()
    runtime.warm_in_background()  # as wsgi.py does when the master loads the application
    try:
        gunicorn.share_with_workers()
        assert gc.get_freeze_count() > 0
        assert runtime._state.warming is None
        assert not [t for t in threading.enumerate() if t.name == "triage-warm"]
        open_connections = [c for c in connections.all(initialized_only=True) if c.connection is not None]
        assert all(_kept_open_by_django(c) for c in open_connections)
        loaded = runtime._state.loaded
        assert loaded is not None and loaded.model is not None
        pid = os.fork()
        if pid == 0:  # the worker: the master's model, not one loaded again
            TriageModel.load = None  # type: ignore[assignment, method-assign] # loading would fail
            try:
                os._exit(0 if runtime.active_model().model is loaded.model else 1)
            except BaseException:
                os._exit(2)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        gc.unfreeze()
        runtime.forget()


def _kept_open_by_django(connection: Any) -> bool:
    """The tests' in-memory SQLite database, which Django never closes (that would lose its data)."""
    return connection.vendor == "sqlite" and bool(connection.is_in_memory_db())
