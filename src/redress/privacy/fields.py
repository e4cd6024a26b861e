"""A model field that stores text encrypted (see `redress.privacy.crypto`)."""

from __future__ import annotations

import json
from typing import Any

from django.core import checks
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.db.models.lookups import Lookup, Transform

from redress.privacy.crypto import decrypt, decrypt_bytes, encrypt, encrypt_bytes


class _Sealed:
    """What encrypted columns share: ciphertexts are randomised, so nothing can be looked up by value."""

    name: str
    unique: bool

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        # An `exact` (or any other) lookup would silently match nothing, so refuse it loudly instead.
        if lookup_name != "isnull":
            raise FieldError(
                f"{type(self).__name__} {self.name!r} supports only the 'isnull' lookup, "
                f"not {lookup_name!r}; search through a blind index instead."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        return None  # a transform (lower, unaccent, ...) of ciphertext means nothing

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors: list[checks.CheckMessage] = super().check(**kwargs)  # type: ignore[misc]
        if self.unique:
            errors.append(
                checks.Error(
                    f"{type(self).__name__} cannot be unique: equal values have different "
                    "ciphertexts. Put the unique constraint on a blind index instead.",
                    obj=self,
                    id="redress_privacy.E001",
                )
            )
        return errors


class EncryptedTextField(_Sealed, models.TextField):
    """Text that is plaintext in Python and AES-GCM ciphertext in the database.

    Each save encrypts with a fresh nonce, so the column cannot be searched, compared or
    made unique; only `isnull` works. To find rows by value, store a blind index beside it.
    """

    description = "Text, encrypted at rest"

    def from_db_value(
        self, value: str | None, expression: Expression | None, connection: BaseDatabaseWrapper
    ) -> str | None:
        return None if value is None else decrypt(value)

    def to_python(self, value: Any) -> str | None:
        # Values arriving here (forms, fixtures, deserialization) are plaintext: never
        # decrypt them, or anyone could submit a stolen token and have it decrypted.
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_prep_value(self, value: Any) -> str | None:
        plaintext = super().get_prep_value(value)  # resolves lazy strings, calls to_python
        return None if plaintext is None else encrypt(plaintext)


class EncryptedJSONField(_Sealed, models.TextField):
    """A JSON value (a dict, a list) that is plain in Python and one AES-GCM ciphertext of its JSON in the
    database: for values built from a customer's words (triage's explanation). Nothing can be looked up in it."""

    description = "JSON, encrypted at rest"
    # For the type checker (django-stubs): a JSON value in and out, not the text the column holds.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Expression | None, connection: BaseDatabaseWrapper) -> Any:
        return None if value is None else json.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        # A string here is JSON from a fixture or a serializer (never a ciphertext: see EncryptedTextField).
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)


class EncryptedBinaryField(_Sealed, models.BinaryField):
    """Bytes (an email as received) that are plaintext in Python and AES-GCM ciphertext in the database."""

    description = "Bytes, encrypted at rest"

    def from_db_value(
        self, value: bytes | memoryview | None, expression: Expression | None, connection: BaseDatabaseWrapper
    ) -> bytes | None:
        return None if value is None else decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if value is not None and not prepared:
            value = encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared)
