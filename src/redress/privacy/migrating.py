"""Data migrations that encrypt columns in place (a column becoming an Encrypted*Field), and back.

The column type does not change (text stays text, bytes stay bytes), so the schema part of such a
migration is a no-op; these functions rewrite the values already stored. They work on raw SQL, not
on models, so they neither depend on the model of the day nor decrypt what is still plaintext. A
value already encrypted is left alone, so running one twice does nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redress.privacy.crypto import decrypt, decrypt_bytes, encrypt, encrypt_bytes, is_encrypted

_BATCH = 500

Migration = Callable[[Any, Any], None]


def _seal(value: Any) -> Any:
    return encrypt(value) if isinstance(value, str) else encrypt_bytes(bytes(value))


def _open(value: Any) -> Any:
    return decrypt(value) if isinstance(value, str) else decrypt_bytes(bytes(value))


def _rewrite(table: str, columns: tuple[str, ...], change: Callable[[Any], Any], wanted: bool) -> Migration:
    """A RunPython function applying `change` to each non-empty value whose `is_encrypted()` is `wanted`."""

    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        last = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT id, {names} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT {_BATCH}",  # noqa: S608
                    [last],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                for pk, *values in rows:
                    changed = {
                        column: change(value)
                        for column, value in zip(columns, values, strict=True)
                        if value is not None and len(value) and is_encrypted(value) == wanted
                    }
                    if changed:
                        sets = ", ".join(f"{quote(c)} = %s" for c in changed)
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {sets} WHERE id = %s",  # noqa: S608
                            [*changed.values(), pk],
                        )
                last = rows[-1][0]

    return run


def encrypt_columns(table: str, *columns: str) -> Migration:
    """RunPython: encrypt the plaintext values of `columns` (text or bytes) of `table`."""
    return _rewrite(table, columns, _seal, wanted=False)


def decrypt_columns(table: str, *columns: str) -> Migration:
    """RunPython's reverse: back to plaintext."""
    return _rewrite(table, columns, _open, wanted=True)


def encrypt_tables(tables: dict[str, tuple[str, ...]]) -> tuple[Migration, Migration]:
    """(forward, backward) RunPython functions over several tables: `encrypt_columns` of each table's columns,
    and `decrypt_columns` back."""

    def seal(apps: Any, schema_editor: Any) -> None:
        for table, columns in tables.items():
            encrypt_columns(table, *columns)(apps, schema_editor)

    def unseal(apps: Any, schema_editor: Any) -> None:
        for table, columns in tables.items():
            decrypt_columns(table, *columns)(apps, schema_editor)

    return seal, unseal
