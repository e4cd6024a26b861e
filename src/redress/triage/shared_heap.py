"""Move the large blocks a library allocates while it loads, and never writes again, to shared read-only pages.

rjieba (the word cutter of the triage panel's explanations) builds its dictionary, ~30 MiB, in memory it
allocates itself, when it is imported. Loaded in the server's master before it forks the web processes
(config/gunicorn.py), that memory is shared copy-on-write, but the master's own memory is mapped into each
child at the fork and counted whole in every web process's resident size (RSS), whether it cuts a word or
not. Here the large blocks (glibc serves each from a mapping of its own) that the import allocated and kept
are copied to a shared anonymous mapping put in their place, at the same address, read-only: a child maps a
page of it only when it reads it, and a write to it would stop the process instead of being seen by the
others (rjieba never writes to its dictionary after building it: the tests cut words in a forked process).

Linux with glibc only; elsewhere, or if anything is not as expected, the memory stays as it was (private),
which is always correct.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import sys
from collections.abc import Callable
from typing import TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")

PAGE = 4096
MMAP_THRESHOLD = 128 * 1024  # glibc's initial threshold: every block this large gets a mapping of its own
_M_MMAP_THRESHOLD = -3
_PROT_READ, _PROT_WRITE = 1, 2
_MAP_SHARED, _MAP_ANONYMOUS = 0x01, 0x20
_MREMAP_MAYMOVE, _MREMAP_FIXED = 1, 2
_IS_MMAPPED = 0x2  # a glibc chunk header's flag: the block has a mapping of its own


def _private_anonymous() -> set[tuple[int, int]]:
    regions = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) == 5 and fields[1] == "rw-p":  # no path: anonymous
                start, end = (int(x, 16) for x in fields[0].split("-"))
                regions.add((start, end))
    return regions


def _blocks(start: int, end: int) -> list[tuple[int, int]] | None:
    """The glibc blocks that exactly fill the region [start, end), each with a mapping of its own; None if the
    region is anything else (e.g. Python's own arenas, a library's static data)."""
    blocks, at = [], start
    while at < end:
        offset = ctypes.c_size_t.from_address(at).value  # prev_size: 0 for a page-aligned mapped block
        field = ctypes.c_size_t.from_address(at + 8).value
        size = field & ~7
        if offset or not field & _IS_MMAPPED or size < MMAP_THRESHOLD or size % PAGE or at + size > end:
            return None
        blocks.append((at, size))
        at += size
    return blocks


def share_what_it_loads(load: Callable[[], T]) -> T:
    """Call `load` and share the large blocks it allocated and kept (see the module's doc); returns its result."""
    libc = _libc()
    if libc is None:
        return load()
    before = _private_anonymous()
    result = load()
    moved = 0
    for start, end in sorted(_private_anonymous() - before):
        for at, size in _blocks(start, end) or []:
            if _move_to_shared(libc, at, size):
                moved += size
    logger.debug("%.1f MiB moved to shared read-only pages", moved / 2**20)
    return result


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only: its chunk headers are read
    except (OSError, AttributeError, TypeError):
        return None
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.mremap.restype = ctypes.c_void_p
    libc.mremap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    # A fixed threshold (glibc raises it after a large block is freed, up to 32 MiB): the large blocks of what
    # is loaded next get mappings of their own, which can then be moved.
    with contextlib.suppress(AttributeError):
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return libc


def _move_to_shared(libc: ctypes.CDLL, at: int, size: int) -> bool:
    copy = libc.mmap(None, size, _PROT_READ | _PROT_WRITE, _MAP_SHARED | _MAP_ANONYMOUS, -1, 0)
    if copy in (None, ctypes.c_void_p(-1).value):
        return False
    ctypes.memmove(copy, at, size)
    if libc.mremap(copy, size, size, _MREMAP_MAYMOVE | _MREMAP_FIXED, at) != at:  # the old block stays
        libc.munmap(copy, size)
        return False
    libc.mprotect(at, size, _PROT_READ)
    return True
