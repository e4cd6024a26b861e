from __future__ import annotations

import pytest

from redress.accounts.models import User
from redress.complaints.models import Complaint
from tests.analytics.world import make_world


@pytest.fixture
def world(people: dict[str, User]) -> dict[str, Complaint]:
    """The hand-built complaints of `tests.analytics.world`."""
    return make_world(people)
