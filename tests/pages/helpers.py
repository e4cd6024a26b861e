from __future__ import annotations

import re
from typing import Any


def html(response: Any) -> str:
    return str(response.content.decode())


def action_urls(response: Any) -> set[str]:
    """The actions whose forms the page offers (their names, from the form targets)."""
    return set(re.findall(r'action="/complaints/[^/"]+/act/([a-z_]+)/"', html(response)))


def counting(queries: Any) -> list[str]:
    """The captured queries that COUNT, but for the queue's one aggregate of its quick filters' counts (its five
    counts in one statement): what pages and headers must not do."""
    found = [q["sql"].upper() for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    return [sql for sql in found if not ('"UNASSIGNED"' in sql and '"OVERDUE"' in sql)]
