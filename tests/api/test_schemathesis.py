"""The API against its own schema, fuzzed: every operation, as an intake agent and as a manager, with data
generated from the schema (schemathesis). No answer may be a server error, and every answer must be one the
schema documents: its status, its media type, its body.

Deterministic (hypothesis derandomized, no example database), in-process through the WSGI handler in the
test's transaction: mail goes to the test outbox, files under the test's MEDIA_ROOT."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from redress.accounts.personas import ensure_personas
from redress.complaints.lifecycle import register, walk

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # about two minutes

# Examples per operation and caller: about 80 operations × 2 callers stay under two minutes on two cores.
EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CALLERS = ("intake", "manager")
# The references of the complaints `seeded` made, for the generated requests to reach (a random reference
# only finds 404s); filled before any test of this module draws its first example.
REFERENCES: list[str] = []
TOKENS: dict[str, str] = {}

schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
)
schema.app = WSGIHandler()


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    # Half the cases go to a complaint that exists, so actions and readings are exercised past 404.
    if not path_parameters or "reference" not in path_parameters:
        return st.just(path_parameters)
    known = st.sampled_from(REFERENCES).map(lambda reference: {**path_parameters, "reference": reference})
    return st.one_of(st.just(path_parameters), known)


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Once for the module, in a transaction rolled back at its end (each test's own transaction is a
    savepoint inside it): the personas, their tokens, a complaint just registered, one under investigation,
    one with a plan awaiting approval."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = ensure_personas()
        complaints = [register(by=people["intake"]) for _ in range(3)]
        walk(complaints[1], "investigating", people)
        walk(complaints[2], "resolution_proposed", people)
        REFERENCES[:] = [c.reference for c in complaints]
        TOKENS.update({who: Token.objects.get_or_create(user=people[who])[0].key for who in CALLERS})
        # As Django's test client does: a request's end must not close the connection the test's
        # transaction lives in.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            yield
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            transaction.set_rollback(True)


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found: shrinking it takes minutes
    suppress_health_check=list(HealthCheck),
)


def call_as(who: str, case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {TOKENS[who]}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_every_answer_to_an_intake_agent_is_documented(case: Any) -> None:
    call_as("intake", case)


@schema.parametrize()
@FUZZ
def test_every_answer_to_a_manager_is_documented(case: Any) -> None:
    call_as("manager", case)
