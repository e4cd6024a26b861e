"""The text service: one local process that holds the triage model, numpy and the Chinese word cutter and answers
the web processes over a unix socket (the client, the protocol and the fallback: redress.core.textservice).

    python -m redress.config.textservice --socket REDRESS_HOME/text.sock

redress.config.gunicorn starts it (and again if it stops) before the master forks its web processes, so that no
web process maps the model or rjieba's dictionary (bench/README.md, "Web worker memory"). The socket is created
0600 (only redress's own user can ask). Each connection (one a web process) is served by a thread of its own;
the model is thread-safe and loaded once, at start (a request meanwhile waits for it). Operations: `ping`, `suggest` (a
registration's triage suggestion), `cut` (rjieba's words, for the explanations) and `words` (a Chinese text
brought to Simplified and cut, for search).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socketserver
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger("redress.textservice")


def _ping() -> int:
    return os.getpid()


def _suggest(text: str) -> dict[str, Any]:
    from redress.triage.services import suggest_here

    suggestion, version = suggest_here(str(text))
    return {"suggestion": suggestion.as_dict(), "version": version}


def _cut(text: str) -> list[str]:
    from redress.triage.wording import cut_here

    return cut_here(str(text))


def _words(texts: list[str], for_search: bool) -> list[dict[str, Any]]:
    from redress.complaints.search.words import chinese_cut_here

    answers = []
    for text in texts:
        simplified, tokens = chinese_cut_here(str(text), for_search=bool(for_search))
        answers.append({"text": simplified, "tokens": tokens})
    return answers


OPERATIONS: dict[str, Callable[..., Any]] = {"ping": _ping, "suggest": _suggest, "cut": _cut, "words": _words}


def answer(request: bytes) -> bytes:
    """The answer to one request; a failure is logged and answered as an error (the asker works in process)."""
    try:
        decoded = json.loads(request)
        operation = OPERATIONS[decoded["op"]]
        result = {"result": operation(**decoded.get("args") or {})}
    except Exception as exc:
        logger.exception("The text service could not answer a request.")
        result = {"error": type(exc).__name__}
    return json.dumps(result, ensure_ascii=False).encode("utf-8")


class Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        from django.db import close_old_connections, connection

        from redress.core.textservice import receive, send

        try:
            while True:
                request = receive(self.request)
                if request is None:
                    return
                # As Django does at each web request: a connection broken since (the database restarted) is
                # dropped, so that the active model's version is read again rather than taken for missing.
                close_old_connections()
                send(self.request, answer(request))
        except (OSError, ValueError):
            return  # the asker went away mid-message; it opens another connection
        finally:
            connection.close()  # this thread's database connection (the active model's version)


class Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def warm() -> None:
    """Load the model, the rules and the cutter's dictionaries before the first request."""
    from redress.complaints.search.words import chinese_cut_here
    from redress.triage.services import suggest_here
    from redress.triage.wording import warm as warm_cutter

    warm_cutter()
    chinese_cut_here("預熱", for_search=True)
    suggest_here("预热")


def bind(path: Path) -> Server:
    """The server on `path`, created 0600 (a stale socket left by a stopped service is replaced)."""
    if path.is_socket():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = os.umask(0o177)  # the socket exists 0600 from the start: no moment when others may connect
    try:
        server = Server(str(path), Handler, bind_and_activate=True)
    finally:
        os.umask(previous)
    os.chmod(path, 0o600)
    return server


def serve(path: Path) -> None:
    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    # Listening first: a request made while Django and the model load waits for them (up to the asker's timeout)
    # rather than being refused, which would make its web process load the model itself.
    server = bind(path)
    ours = path.stat().st_ino
    try:
        os.environ["REDRESS_TEXT_SERVICE"] = "off"  # this process does the work itself, never asks itself
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        settings.REDRESS_TEXT_SERVICE = "off"
        warm()
        connection.close()
        logger.info("Text service ready on %s (pid %d).", path, os.getpid())
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        # Only our own socket: another service started since on the same path keeps its own.
        if path.is_socket() and path.stat().st_ino == ours:
            path.unlink()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="redress.config.textservice", description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True, type=Path, help="the unix socket to listen on")
    args = parser.parse_args(argv)
    try:
        serve(args.socket)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
