"""API token authentication that may remember a valid token for a few seconds in the shared cache.

Every API request otherwise starts with one query (the token and its user). With
`REDRESS_API_TOKEN_CACHE_SECONDS` > 0 a token once checked is kept that long in the cache every
process shares (Redis with REDIS_URL, else the database cache: settings.CACHES).

Revoking a token or saving its user (deactivated, a new role or department) is seen by every process
at once: each kept token carries the generation of its token that was current when it was looked up,
and a change sets a new generation (once at the change, again when its transaction commits, so a
lookup that read the database in between is not kept either). A kept entry whose generation is no
longer current is looked up again. Changes made past the models (a bulk `update()`, SQL) are not
seen until the entry expires.

The cache holds no token and no password: entries are keyed by the token's SHA-256, and the user is
kept without its password hash (deferred: read from the database if anything asks for it).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from redress.accounts.models import User

logger = logging.getLogger(__name__)


def shared_cache() -> BaseCache:
    return cache


def cache_keys(key: str) -> tuple[str, str]:
    """(the kept entry's key, its generation's key) for a token."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"redress:token:{digest}", f"redress:token-generation:{digest}"


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        ttl = int(getattr(settings, "REDRESS_API_TOKEN_CACHE_SECONDS", 0))
        if ttl <= 0:
            return super().authenticate_credentials(key)
        store = shared_cache()
        entry_key, generation_key = cache_keys(key)
        try:
            found = store.get_many([entry_key, generation_key])
        except Exception:  # the cache is down: every request looks its token up until it is back
            logger.exception("API token cache unreachable; looking the token up")
            return _lookup(key)
        generation = found.get(generation_key)
        kept = found.get(entry_key)
        if kept is not None and kept[0] == generation:
            # Unpickled for this request alone: nothing a request sets on its user leaks into another's.
            return kept[1], kept[2]
        user, token = _lookup(key)
        store.set(entry_key, (generation, user, token), ttl)
        return user, token


def _lookup(key: str) -> tuple[User, Token]:
    """DRF's check (the token exists, its user is active), the user read without its password hash."""
    token = Token.objects.select_related("user").defer("user__password").filter(key=key).first()
    if token is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    user = token.user
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    return user, Token(key=token.key, user_id=token.user_id, created=token.created)


def _new_generation(keys: list[str]) -> None:
    """A new generation for each token, and its kept entry dropped (should the generation itself be evicted)."""
    if not keys:
        return
    try:
        store = shared_cache()
        store.set_many({cache_keys(key)[1]: uuid.uuid4().hex for key in keys}, timeout=None)
        store.delete_many([cache_keys(key)[0] for key in keys])
    except Exception:
        # Not a reason to refuse the change itself (a user switched off): said loudly instead. Other processes
        # may accept the token for up to REDRESS_API_TOKEN_CACHE_SECONDS.
        logger.exception("API token cache unreachable; a revoked token may be accepted until its entry expires")


def _changed(keys: list[str]) -> None:
    _new_generation(keys)
    transaction.on_commit(lambda: _new_generation(keys), robust=True)


def forget_user_tokens(*, sender: Any, instance: User, **kwargs: Any) -> None:
    if int(getattr(settings, "REDRESS_API_TOKEN_CACHE_SECONDS", 0)) > 0:
        _changed(list(Token.objects.filter(user_id=instance.pk).values_list("key", flat=True)))


def forget_token(*, sender: Any, instance: Token, **kwargs: Any) -> None:
    if int(getattr(settings, "REDRESS_API_TOKEN_CACHE_SECONDS", 0)) > 0:
        _changed([instance.key])


def forget_tokens(**kwargs: Any) -> None:
    """Every kept token looked up again (all generations new)."""
    _new_generation(list(Token.objects.values_list("key", flat=True)))


post_save.connect(forget_user_tokens, sender=User, dispatch_uid="forget-tokens-save-User")
post_delete.connect(forget_user_tokens, sender=User, dispatch_uid="forget-tokens-delete-User")
post_save.connect(forget_token, sender=Token, dispatch_uid="forget-tokens-save-Token")
post_delete.connect(forget_token, sender=Token, dispatch_uid="forget-tokens-delete-Token")
