"""What the web processes import at start: the pages few of them serve load their libraries on first use.

The gunicorn master imports the application and reads the URLs before it forks, and every worker maps that
memory (bench/README.md, "Web worker memory"). The API schema (drf-spectacular's generator) and single sign-on
(mozilla-django-oidc, PyJWT, requests) are loaded on their first request; DRF's optional requests and
Pygments, which redress does not use, not at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

LATER = ["drf_spectacular.views", "mozilla_django_oidc", "jwt", "requests", "urllib3", "pygments"]

STARTS = """
import json, sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in %r if name in sys.modules)))
"""


def test_a_started_web_process_has_not_imported_the_first_use_libraries(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(REDRESS_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="redress.config.settings")
    done = subprocess.run(
        [sys.executable, "-c", STARTS % (LATER,)], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


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
