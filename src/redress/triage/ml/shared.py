"""Read-only arrays and a vocabulary kept where forked processes share them without mapping them all.

A server that loads the model before it forks its web processes (gunicorn's `preload_app`) hands each of
them its memory copy-on-write. Memory of the process's own (the heap, numpy's buffers) is mapped into
every child at the fork, all of it counted in each child's resident size (RSS) whether it reads it or
not. Memory allocated as a *shared* mapping is not: a child maps a page of it when it first reads it, so
a web process that predicts maps the rows of the weights its texts use, not the whole model. The arrays
put here are never written again (numpy refuses to: they are read-only), so the sharing cannot leak
anything from one process to another.

`Vocabulary` keeps a model's ~100,000 terms the same way: their UTF-8 bytes end to end, and for lookups
the terms' hashes, sorted. A Python dict of the terms costs ~17 MiB of objects in every process (the
strings, the numbers, the table), none of it shareable.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np


def shared(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A read-only copy of `array` in a shared anonymous mapping (an empty array stays as it is)."""
    source = np.ascontiguousarray(array)
    if source.nbytes == 0:
        result = source.copy()
    else:
        region = mmap.mmap(-1, source.nbytes)  # MAP_SHARED | MAP_ANONYMOUS: never copied at a fork
        result = np.frombuffer(region, dtype=source.dtype, count=source.size).reshape(source.shape)
        np.copyto(result, source)
    result.flags.writeable = False
    return result


class Vocabulary(Sequence[str]):
    """The terms of a model, numbered from 0: `terms[i]`, `get(term)`, and `ids(terms)` for many at once.

    A term is found by its `hash()` (64 bits; equal within a process and the processes forked from it,
    which is where this table is used: it is built when the model is loaded), among the sorted hashes of
    the vocabulary. Two different strings with the same 64-bit hash are as likely as ~1 in 10^14 per
    lookup over 100,000 terms.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        encoded = [t.encode("utf-8") for t in terms]
        ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        self._ends = shared(ends)
        self._text = shared(np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8))
        hashes = np.fromiter((hash(t.decode("utf-8")) for t in encoded), dtype=np.int64, count=len(encoded))
        del encoded
        order = np.argsort(hashes, kind="stable")
        self._hashes = shared(hashes[order])
        self._ids = shared(order.astype(np.int32))
        # Views for reading one term (an explanation's): indexing a memoryview gives Python objects directly.
        self._end_at = memoryview(self._ends.data).cast("B").cast("q")
        self._bytes = memoryview(self._text.data).cast("B")

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        end_at = self._end_at
        if index < 0:
            index += len(end_at)
        if not 0 <= index < len(end_at):
            raise IndexError(index)
        return str(self._bytes[end_at[index - 1] if index else 0 : end_at[index]], "utf-8")

    def __iter__(self) -> Iterator[str]:
        text = self._text.tobytes()
        start = 0
        for end in self._ends.tolist():
            yield text[start:end].decode("utf-8")
            start = end

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def ids(self, terms: Sequence[str]) -> np.ndarray[Any, Any]:
        """The number of each of `terms` (int64; -1: not in the vocabulary)."""
        if not terms or not len(self._hashes):
            return np.full(len(terms), -1, dtype=np.int64)
        wanted = np.fromiter(map(hash, terms), dtype=np.int64, count=len(terms))
        at = np.searchsorted(self._hashes, wanted)
        np.minimum(at, len(self._hashes) - 1, out=at)
        return np.where(self._hashes[at] == wanted, self._ids[at], -1).astype(np.int64, copy=False)

    def get(self, term: str, default: int | None = None) -> int | None:
        found = int(self.ids([term])[0])
        return found if found >= 0 else default


__all__ = ["Vocabulary", "shared"]
