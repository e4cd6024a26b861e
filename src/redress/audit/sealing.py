"""An event's personal values encrypted at rest, inside its data.

The event's hash covers its personal values (chain.PERSONAL_KEYS) only through a salted digest, so what the
database holds of them can be ciphertext without any hash changing. On insert, `SealedData` moves them into one
token under SEALED in the stored JSON (AES-GCM, privacy.crypto: the token names its key and `redress keys rotate`
re-encrypts it); on read it decrypts the token and merges the values back, so `event.data` is what was appended.
Codes, amounts, dates and who stay in clear beside the token: the database still filters on them.

Events written before the personal values were hashed apart (`personal` NULL, the whole data hashed) are sealed
the same way (migration audit.0010); read back merged, they hash as before.

Only inserts seal. An UPDATE stores what it is given, and the database allows two (migration audit.0009): an
erasure, which writes the placeholders in clear and drops the token, and a rotation, which swaps the token alone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression, ExpressionWrapper, F
from django.db.models.lookups import Transform

from redress.audit.chain import CODE_KEYS, PERSONAL_KEYS, split_personal
from redress.privacy.crypto import DecryptionError, decrypt, encrypt, key_id_of

SEALED = "_sealed"  # the key of the token in the stored JSON; no event's data has a key of its own like it
# Keys personal in every kind of event: a lookup into them would silently miss every sealed value.
_ALWAYS_PERSONAL = PERSONAL_KEYS.difference(*CODE_KEYS.values())


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal_keys(data: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The stored form of `data`: the values of `keys` (those present) in one token, the rest as it is."""
    keys = frozenset(keys)
    personal = {k: v for k, v in data.items() if k in keys}
    if not personal or SEALED in data:
        return data
    return {**{k: v for k, v in data.items() if k not in keys}, SEALED: encrypt(_canonical(personal))}


def seal(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a new event's data: its personal values (as `event_append` hashes them apart) sealed."""
    if not isinstance(data, dict) or PERSONAL_KEYS.isdisjoint(data):
        return data
    return seal_keys(data, split_personal(kind, data)[1])


def sealed_parts(stored: Any) -> tuple[Any, dict[str, Any]]:
    """(the stored data without its token, the values the token holds); raise DecryptionError if the token
    cannot be read (altered, forged, or its key not configured)."""
    if not isinstance(stored, dict) or SEALED not in stored:
        return stored, {}
    token = stored[SEALED]
    if not isinstance(token, str) or not token:
        raise DecryptionError("The sealed personal values are not a token.")
    try:
        values = json.loads(decrypt(token))
    except ValueError as exc:  # DecryptionError, or JSON that is not
        raise DecryptionError(str(exc)) from exc
    if not isinstance(values, dict):
        raise DecryptionError("The sealed personal values are not an object.")
    return {k: v for k, v in stored.items() if k != SEALED}, values


def unseal(stored: Any) -> Any:
    """The data as appended: the stored data with its sealed values merged back."""
    public, personal = sealed_parts(stored)
    return {**public, **personal} if personal else public


def without_token(stored: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stored.items() if k != SEALED}


class SealedData(models.JSONField):
    """`Event.data`: personal values sealed on insert (the instance's `kind` says which), merged back on read."""

    description = "JSON, its personal values encrypted at rest"

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        # The instance keeps its data in clear (what `event_append`'s hooks read); only the row is sealed.
        return seal(getattr(model_instance, "kind", ""), getattr(model_instance, self.attname))

    def from_db_value(self, value: Any, expression: Expression, connection: BaseDatabaseWrapper) -> Any:
        return unseal(super().from_db_value(value, expression, connection))

    def get_transform(self, name: str) -> type[Transform] | Any:
        if name in _ALWAYS_PERSONAL:
            raise FieldError(f"Event data {name!r} is sealed (encrypted at rest): the database cannot look into it.")
        return super().get_transform(name)


def stored_data() -> ExpressionWrapper:
    """An annotation reading `data` as the database holds it (token and all), without decrypting."""
    return ExpressionWrapper(F("data"), output_field=models.JSONField())


def sealed_rows(batch: int) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """(id, stored data) of every event holding a token, in id order, `batch` a list."""
    from redress.audit.models import Event

    last = 0
    while True:
        rows = list(
            Event.objects.filter(id__gt=last, data__has_key=SEALED)
            .order_by("id")
            .annotate(stored=stored_data())
            .values_list("id", "stored")[:batch]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def token_rekey(pk: int, stored: dict[str, Any], kid: str) -> int:
    """Seal event `pk`'s values again under the current key if its token is under another: 1 if done, 0 if it
    already was, -1 if the row changed since it was read (an erasure: nothing left to re-encrypt)."""
    from redress.audit.models import Event

    token = stored[SEALED]
    if key_id_of(token) == kid:
        return 0
    fresh = {**stored, SEALED: encrypt(decrypt(token))}
    # Compare and set on the token; the database lets nothing but the token change (migration audit.0009).
    return 1 if Event.objects.filter(pk=pk, **{f"data__{SEALED}": token}).update(data=fresh) == 1 else -1


def token_key_ids(batch: int = 1000) -> Counter[str]:
    """How many events' tokens are under each key id."""
    tally: Counter[str] = Counter()
    for rows in sealed_rows(batch):
        tally.update(k for _pk, stored in rows if (k := key_id_of(str(stored[SEALED]))) is not None)
    return tally
