"""Data key rotation: every ciphertext re-encrypted under the current key, every blind index recomputed.

It runs in batches, each in its own transaction; a value already under the current key is skipped, so
a rerun carries on where an interrupted one stopped. A row is rewritten only if it still holds what was
read (compare and set), so an edit made meanwhile by the running service is never overwritten: the
next run picks that row up. Blind indexes are recomputed with the row they index, and the copies of an
index kept elsewhere (a customer's erasure request, the access records) follow in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from redress.access.models import AccessRecord
from redress.audit.sealing import sealed_rows, token_key_ids, token_rekey
from redress.complaints.models import Complaint
from redress.intake.adapters.email_parse import parse
from redress.intake.models import InboundMessage
from redress.privacy.blind_index import Kind, blind_index
from redress.privacy.crypto import LEGACY, current_key_id, decrypt, decrypt_bytes, encrypt, encrypt_bytes, key_id_of
from redress.privacy.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from redress.privacy.storage import EncryptedFileSystemStorage
from redress.retention.models import ErasureRequest

BATCH = 200

Clear = dict[str, Any]  # an encrypted column's name → its value in clear


@dataclass(frozen=True)
class IndexRule:
    """How a table's blind indexes follow from its encrypted columns, and what else keeps copies of them."""

    compute: Callable[[Clear], dict[str, str]]
    follow: Callable[[dict[str, str], dict[str, str]], None] = lambda old, new: None


_CUSTOMER: dict[str, tuple[str, Kind]] = {
    "phone_index": ("customer_phone", "phone"),
    "email_index": ("customer_email", "email"),
    "id_number_index": ("customer_id_number", "id_number"),
}


def _complaint_indexes(clear: Clear) -> dict[str, str]:
    return {index: blind_index(kind, clear[column] or "") for index, (column, kind) in _CUSTOMER.items()}


def _customer_copies_follow(old: dict[str, str], new: dict[str, str]) -> None:
    # An erasure request keeps the index of the identity it names, an access record those of the customer it
    # showed, not the identity: they move with the complaints. (An access record made before the customer's
    # details were corrected keeps an index no complaint has any more, and so the old key's.)
    for index, (_column, kind) in _CUSTOMER.items():
        if old.get(index) and old[index] != new[index]:
            ErasureRequest.objects.filter(identity_kind=kind, identity_index=old[index]).update(
                identity_index=new[index]
            )
            AccessRecord.objects.filter(**{index: old[index]}).update(**{index: new[index]})


def _inbound_indexes(clear: Clear) -> dict[str, str]:
    if not clear["raw"]:
        return {}
    try:
        _msg, mail = parse(clear["raw"])
    except Exception:
        return {}
    return {"sender_index": blind_index("email", mail.sender_email)}


RULES: dict[type[models.Model], IndexRule] = {
    Complaint: IndexRule(_complaint_indexes, _customer_copies_follow),
    InboundMessage: IndexRule(_inbound_indexes),
}


SEALED_FIELDS = (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField)


def encrypted_tables() -> Iterator[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        sealed: list[models.Field[Any, Any]] = [f for f in model._meta.concrete_fields if isinstance(f, SEALED_FIELDS)]
        if sealed:
            yield model, sealed


def encrypted_files() -> Iterator[tuple[EncryptedFileSystemStorage, str]]:
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedFileSystemStorage):
                for name in model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True).iterator():
                    yield f.storage, name


@dataclass
class RotationReport:
    key_id: str
    values: int = 0  # values re-encrypted
    rows: int = 0
    files: int = 0
    skipped: int = 0  # rows changed meanwhile by someone else: the next run takes them
    finished: bool = False
    per_table: Counter[str] = field(default_factory=Counter)


def _clear(value: Any) -> Any:
    return decrypt(value) if isinstance(value, str) else decrypt_bytes(bytes(value))


def _seal(value: Any) -> Any:
    return encrypt(value) if isinstance(value, str) else encrypt_bytes(value)


def _rotate_row(
    model: type[models.Model], fields: list[models.Field[Any, Any]], pk: Any, stored: list[Any], kid: str
) -> int:
    """Re-encrypt one row (and its indexes) if it holds values under another key; how many values changed."""
    names = [f.column for f in fields]
    stale = {n for n, v in zip(names, stored, strict=True) if v is not None and key_id_of(v) not in (None, kid)}
    if not stale:
        return 0
    clear = {n: (_clear(v) if v is not None and key_id_of(v) else v) for n, v in zip(names, stored, strict=True)}
    clear = {n: (bytes(v) if isinstance(v, memoryview) else v) for n, v in clear.items()}
    sets = {n: _seal(clear[n]) for n in stale}
    rule = RULES.get(model)
    old_indexes: dict[str, str] = {}
    if rule is not None:
        new_indexes = rule.compute(clear)
        if new_indexes:
            old_indexes = dict(
                zip(new_indexes, model._default_manager.filter(pk=pk).values_list(*new_indexes).get(), strict=True)
            )
        sets.update(new_indexes)
    quote = connection.ops.quote_name
    held = [(n, v) for n, v in zip(names, stored, strict=True) if v is not None]
    where = " AND ".join([f"{quote(model._meta.pk.column)} = %s", *(f"{quote(n)} = %s" for n, _v in held)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(n)} = %s' for n in sets)} WHERE {where}",  # noqa: S608
            [*sets.values(), pk, *(v for _n, v in held)],
        )
        if cursor.rowcount != 1:
            return -1
    if rule is not None and old_indexes:
        rule.follow(old_indexes, {k: v for k, v in sets.items() if k in old_indexes})
    return len(stale)


def _batches(
    model: type[models.Model], fields: list[models.Field[Any, Any]], batch: int
) -> Iterator[list[tuple[Any, ...]]]:
    quote = connection.ops.quote_name
    pk, table = quote(model._meta.pk.column), quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    last: Any = None
    while True:
        with connection.cursor() as cursor:
            after = "" if last is None else f"WHERE {pk} > %s"
            cursor.execute(
                f"SELECT {pk}, {columns} FROM {table} {after} ORDER BY {pk} LIMIT {int(batch)}",  # noqa: S608
                [] if last is None else [last],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def keys_rotate(*, limit: int | None = None, batch: int = BATCH) -> RotationReport:
    """Re-encrypt under the current key (`settings.REDRESS_DATA_KEY`) what is under another: at most `limit` rows
    and files when given. The old keys must be among `REDRESS_OLD_DATA_KEYS` (or see `crypto.writing_with`)."""
    kid = current_key_id()
    report = RotationReport(key_id=kid)

    def room() -> bool:
        return limit is None or report.rows + report.files < limit

    for model, fields in encrypted_tables():
        for rows in _batches(model, fields, batch):
            with transaction.atomic():
                for pk, *stored in rows:
                    if not room():
                        return report
                    changed = _rotate_row(model, fields, pk, stored, kid)
                    if changed < 0:
                        report.skipped += 1
                    elif changed:
                        report.values += changed
                        report.rows += 1
                        report.per_table[model._meta.label] += changed
    # Timeline events: their personal values, one token each inside `data` (audit/sealing.py).
    for events in sealed_rows(batch):
        with transaction.atomic():
            for pk, event_data in events:
                if not room():
                    return report
                changed = token_rekey(pk, event_data, kid)
                if changed < 0:
                    report.skipped += 1
                elif changed:
                    report.values += 1
                    report.rows += 1
                    report.per_table["audit.Event"] += 1
    for storage, name in encrypted_files():
        if not room():
            return report
        if storage.rekey_in_place(name):
            report.files += 1
    report.finished = not report.skipped
    return report


def keys_status() -> dict[str, Counter[str]]:
    """How many stored values (per table, and "files") are under each key id (`LEGACY`: before key ids)."""
    counts: dict[str, Counter[str]] = {}
    for model, fields in encrypted_tables():
        tally: Counter[str] = Counter()
        for rows in _batches(model, fields, 1000):
            for _pk, *stored in rows:
                tally.update(k for v in stored if v is not None and (k := key_id_of(v)) is not None)
        counts[model._meta.label] = tally
    counts["audit.Event"] = token_key_ids()
    files: Counter[str] = Counter()
    for storage, name in encrypted_files():
        if (k := storage.key_id_of(name)) is not None:
            files[k] += 1
    counts["files"] = files
    return counts


__all__ = ["LEGACY", "RotationReport", "keys_rotate", "keys_status"]
