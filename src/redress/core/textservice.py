"""Asking the text service: the local process that holds the triage model, numpy and the Chinese word cutter
(rjieba, opencc), so that the web processes need not (bench/README.md, "Web worker memory").

`redress.config.gunicorn` starts the service (`python -m redress.config.textservice`) on the unix socket named
by REDRESS_TEXT_SERVICE (`redress serve`: REDRESS_HOME/text.sock) and sets that for the application. A process
where it is not set (tests, `redress shell`, a plain `gunicorn redress.config.wsgi`) does the work itself, as
does one that cannot reach the service: `ask` raises `Unavailable`, the caller does the work in process, and a
warning says so once until the service answers again (tried again after `RETRY_SECONDS`).

Messages are JSON, each preceded by its length (4 bytes, big-endian): `{"op": ..., "args": {...}}`, answered by
`{"result": ...}` or `{"error": "..."}`. A process keeps one connection a thread, opened on first use (never
inherited across a fork). No Django needed here beyond the setting: `complaints.search.words` uses it too.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import struct
import threading
import time
from typing import Any

logger = logging.getLogger(__name__)

ENV = "REDRESS_TEXT_SERVICE"
RETRY_SECONDS = 30.0  # after a failure, work in process this long before trying the service again
TIMEOUT_SECONDS = 10.0  # an answer slower than this: work in process (the service loads the model at start)
MAX_MESSAGE = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")
OFF = frozenset({"", "0", "off", "false", "no"})


class Unavailable(Exception):
    """The text service is not configured, cannot be reached or failed: do the work in this process."""


class _State(threading.local):
    sock: socket.socket | None = None


_local = _State()
_down_until = 0.0
_warned = False


def _forget_connections() -> None:
    global _local
    _local = _State()  # a forked child opens its own connection; the parent's stays the parent's


os.register_at_fork(after_in_child=_forget_connections)


def socket_path() -> str | None:
    """Where the service listens (None: not configured). The setting REDRESS_TEXT_SERVICE, else the environment."""
    value: Any = None
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, "REDRESS_TEXT_SERVICE", None)
    except ImportError:  # pragma: no cover - Django is always installed with redress
        pass
    if value is None:
        value = os.environ.get(ENV, "")
    value = str(value or "").strip()
    return None if value.lower() in OFF else value


def configured() -> bool:
    return socket_path() is not None


def ask(op: str, **args: Any) -> Any:
    """The service's answer to `op`; `Unavailable` when it is not configured, not reachable or failed."""
    global _down_until, _warned
    path = socket_path()
    if path is None:
        raise Unavailable("not configured")
    if time.monotonic() < _down_until:
        raise Unavailable("not reachable recently")
    request = json.dumps({"op": op, "args": args}, ensure_ascii=False).encode("utf-8")
    for attempt in (1, 2):  # a connection the service closed (it restarted) is opened again once
        try:
            answer = _exchange(path, request)
            break
        except (OSError, ValueError) as exc:
            _close()
            if attempt == 2 or isinstance(exc, (FileNotFoundError, ConnectionRefusedError, TimeoutError)):
                _down_until = time.monotonic() + RETRY_SECONDS
                if not _warned:
                    _warned = True
                    logger.warning(
                        "The text service at %s cannot be reached (%s): this process loads the triage model and "
                        "the word cutter itself (more memory) and tries the service again in %d s.",
                        path,
                        exc or type(exc).__name__,
                        RETRY_SECONDS,
                    )
                raise Unavailable(str(exc)) from exc
    if _warned:
        _warned = False
        logger.warning("The text service at %s answers again: this process uses it.", path)
    if "error" in answer:
        raise Unavailable(f"the text service failed: {answer['error']}")
    return answer.get("result")


def _exchange(path: str, request: bytes) -> dict[str, Any]:
    sock = _local.sock
    if sock is None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT_SECONDS)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        _local.sock = sock
    send(sock, request)
    answer = receive(sock)
    if answer is None:
        raise ConnectionResetError("the text service closed the connection")
    decoded = json.loads(answer)
    if not isinstance(decoded, dict):
        raise ValueError("not an answer")
    return decoded


def _close() -> None:
    sock, _local.sock = _local.sock, None
    if sock is not None:
        sock.close()


def send(sock: socket.socket, message: bytes) -> None:
    sock.sendall(_HEADER.pack(len(message)) + message)


def receive(sock: socket.socket) -> bytes | None:
    """One message (None: the other side closed the connection before a new one)."""
    header = _read(sock, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE:
        raise ValueError("message too large")
    body = _read(sock, size)
    if body is None:
        raise ConnectionResetError("message cut short")
    return body


def _read(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            if chunks:
                raise ConnectionResetError("message cut short")
            return None
        chunks += chunk
    return bytes(chunks)


def reset() -> None:
    """Forget failures and connections (tests; a service started again)."""
    global _down_until, _warned
    _close()
    _down_until, _warned = 0.0, False
