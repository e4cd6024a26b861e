"""The console is quiet: a refused request is one line, and the worker's routine (the outbox every 10 s) is
not logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest


@pytest.mark.django_db
def test_a_403_is_logged_in_one_line_without_a_traceback(browser: Any, complaint_in: Any, caplog: Any) -> None:
    complaint = complaint_in("resolution_approved")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = browser("approver").post(f"/complaints/{complaint.reference}/letter-preview/page/", {})
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Traceback" not in caplog.text


def test_the_worker_routine_is_not_logged() -> None:
    for name in ("celery.beat", "celery.worker.strategy", "celery.app.trace"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert logging.getLogger("celery.app.trace").isEnabledFor(logging.ERROR)  # a failed task still is
