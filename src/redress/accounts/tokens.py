"""API token authentication that may remember a valid token for a few seconds in each process.

Every API request otherwise starts with one query (the token and its user). With
`REDRESS_API_TOKEN_CACHE_SECONDS` > 0 a process keeps a token it has checked for that long.
Saving or deleting a user or a token empties the cache of the process that did it at once;
other processes notice within the TTL, so a revoked token or a deactivated user may still be
accepted that long by another worker. 0 (the default) looks up every request.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from redress.accounts.models import User

_MAX_ENTRIES = 10_000
_lock = threading.Lock()
_checked: dict[str, tuple[float, User, Token]] = {}


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        ttl = float(getattr(settings, "REDRESS_API_TOKEN_CACHE_SECONDS", 0))
        if ttl <= 0:
            return super().authenticate_credentials(key)
        now = time.monotonic()
        hit = _checked.get(key)
        if hit is None or now - hit[0] >= ttl:
            user, token = super().authenticate_credentials(key)
            hit = (now, user, token)
            with _lock:
                if len(_checked) >= _MAX_ENTRIES:
                    _checked.clear()
                _checked[key] = hit
        # A copy per request: nothing a request sets on its user leaks into another's.
        return copy.copy(hit[1]), hit[2]


def forget_tokens(**kwargs: Any) -> None:
    with _lock:
        _checked.clear()


for _model in (User, Token):
    post_save.connect(forget_tokens, sender=_model, dispatch_uid=f"forget-tokens-save-{_model.__name__}")
    post_delete.connect(forget_tokens, sender=_model, dispatch_uid=f"forget-tokens-delete-{_model.__name__}")
