"""Rate limits counted in the shared cache (Redis, or the database cache), so every process sees one count."""

from __future__ import annotations

import time

from django.core.cache import cache


def rate_limited(*, scope: str, client: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt of `client` in the current window; True when it is over `limit`."""
    bucket = int(time.time() // window)
    key = f"redress:limit:{scope}:{client}:{bucket}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=window + 60)
        count = cache.incr(key)
    return count > limit
