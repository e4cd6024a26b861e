from __future__ import annotations

import re
from typing import Any


def html(response: Any) -> str:
    return str(response.content.decode())


def action_urls(response: Any) -> set[str]:
    """The actions whose forms the page offers (their names, from the form targets)."""
    return set(re.findall(r'action="/complaints/[^/"]+/act/([a-z_]+)/"', html(response)))
