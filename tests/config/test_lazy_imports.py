"""What the web processes import at start: the pages few of them serve load their libraries on first use.

The gunicorn master imports the application and reads the URLs before it forks, and every worker maps that
memory (bench/README.md, "Web worker memory"). The API schema (drf-spectacular's generator) and single sign-on
(mozilla-django-oidc, PyJWT, requests) are loaded on their first request; DRF's optional requests and
Pygments, which redress does not use, not at all; Celery's client only where the web processes publish a task
(not with the embedded broker), and then by the master before it forks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

LATER = ["drf_spectacular.views", "mozilla_django_oidc", "jwt", "requests", "urllib3", "pygments", "celery"]

STARTS = """
import json, sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in %r if name in sys.modules)))
"""


FORKS = """
import sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from redress.config import gunicorn
gunicorn.share_with_workers()
print("celery" in sys.modules and "redress.correspondence.tasks" in sys.modules)
"""


def _run(script: str, home: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    environ.update(REDRESS_HOME=str(home), DJANGO_SETTINGS_MODULE="redress.config.settings", **env)
    done = subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_started_web_process_has_not_imported_the_first_use_libraries(tmp_path: Path) -> None:
    assert json.loads(_run(STARTS % (LATER,), tmp_path)) == []


@pytest.mark.parametrize(
    ("broker", "loaded"), [(None, "False"), ("amqp://guest:guest@127.0.0.1:5672//", "True")], ids=["embedded", "amqp"]
)
def test_the_master_loads_celery_before_the_fork_only_where_the_workers_publish(
    tmp_path: Path, broker: str | None, loaded: str
) -> None:
    env = {"REDRESS_TRIAGE_ENABLED": "0", "REDRESS_TEXT_SERVICE": "off"}
    if broker:
        env["CELERY_BROKER_URL"] = broker  # nothing is sent: only the client's import is looked at
    assert _run(FORKS, tmp_path, **env) == loaded


@pytest.mark.django_db
def test_the_schema_and_its_page_answer_on_first_use(api: Any) -> None:
    schema = api("handler").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "redress API"
    page = api("handler").get("/api/docs/")
    assert page.status_code == 200
    assert b"swagger" in page.content.lower()


@pytest.mark.django_db
def test_the_schema_view_stays_exempt_from_the_csrf_middleware(people: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["handler"])
    answer = client.post("/api/schema/")
    # DRF's own check answers, in the API's JSON envelope, not the middleware's HTML page
    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden"
