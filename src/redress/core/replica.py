"""Reads for reports may go to the read replica: `with reading_replica(): ...` (or as a decorator).

The replica is the database alias `replica`, configured when `DATABASE_REPLICA_URL` is set; the
router (`redress.config.routers`) sends the reads made inside this block there, so reports never
slow the desk. Without a replica the block changes nothing. A context variable carries the flag,
so it holds for the thread or task that entered the block and nowhere else.

Wrap only reads whose answer may lag the desk by the replica's delay: a count for a chart, a row
of a return. A read inside a transaction on the main database stays there (it must see that
transaction's writes), and writes always go to the main database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

REPLICA = "replica"

_reading_replica: ContextVar[bool] = ContextVar("redress_reading_replica", default=False)


@contextmanager
def reading_replica() -> Iterator[None]:
    """Send the reads made inside the block to the read replica, when there is one."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def replica_requested() -> bool:
    """Whether the current code runs inside `reading_replica()`."""
    return _reading_replica.get()
