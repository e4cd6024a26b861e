"""gunicorn's settings for redress: `gunicorn -c python:redress.config.gunicorn` (`redress serve` runs it so).

The application and the triage model are loaded once, in the master (`preload_app`), before it forks the web
processes, which then share those pages copy-on-write instead of each importing Django and loading the model
(bench/README.md, "Web worker memory"). Before the first fork the master serves the public pages once in each
language (`warm_pages`); before every fork it brings the model up to date, closes its database connections and
freezes its objects (`share_with_workers`); Celery's client is loaded there too, only where the workers publish
tasks (not with the embedded broker). Bind address, workers and timeouts come from the command line or
GUNICORN_CMD_ARGS as usual.

The triage model, numpy and the Chinese word cutter are not in the master nor in the workers: the master starts
the text service (redress.config.textservice) on a unix socket, REDRESS_TEXT_SERVICE (default
REDRESS_HOME/text.sock), starts it again if it stops, and stops it on exit; the workers ask it
(redress.core.textservice). REDRESS_TEXT_SERVICE=off: no service, the master loads the model and the workers
share it as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import io
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

wsgi_app = "redress.config.wsgi"
preload_app = True
logger_class = "redress.config.gunicorn_logging.RedactingLogger"

# Read-only pages every web process serves, whatever its traffic: sign-in and the public complaint form.
WARM_PATHS = ("/login/", "/complaints/new/")

logger = logging.getLogger(__name__)
Headers = list[tuple[str, str]]
TEXT_SERVICE_OFF = frozenset({"", "0", "off", "false", "no"})


def text_service_socket(environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """Where the text service listens (None: off): REDRESS_TEXT_SERVICE, else REDRESS_HOME/text.sock."""
    value = environ.get("REDRESS_TEXT_SERVICE")
    if value is None:
        return str(Path(environ.get("REDRESS_HOME", "var")).resolve() / "text.sock")  # as redress_home()
    return None if value.strip().lower() in TEXT_SERVICE_OFF else value.strip()


TEXT_SERVICE = text_service_socket()
# Set in the master before it loads the application (gunicorn applies raw_env first), so settings see it.
raw_env = [f"REDRESS_TEXT_SERVICE={TEXT_SERVICE or 'off'}"]


class TextService:
    """The text service process, started by the master, started again when it stops (after 1 s, doubling up to
    60 s while it keeps stopping within a minute), stopped with the master."""

    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.watcher: threading.Thread | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "redress.config.textservice", "--socket", self.socket_path]

    def start(self) -> None:
        self.process = subprocess.Popen(self.command())  # noqa: S603 - our own argv
        logger.info("Text service started on %s (pid %d).", self.socket_path, self.process.pid)
        self.watcher = threading.Thread(target=self._watch, name="text-service-watch", daemon=True)
        self.watcher.start()

    def _watch(self) -> None:
        delay = 0.5  # doubled before the first restart: 1 s
        while self.process is not None:
            started = time.monotonic()
            code = self.process.wait()  # (0 if gunicorn's own reaping of children got to it first)
            if self.stopping.is_set():
                return
            delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 60.0)
            logger.error(
                "The text service (pid %d) stopped (exit %s); starting it again in %.0f s. Meanwhile each web "
                "process triages and cuts words itself.",
                self.process.pid,
                code,
                delay,
            )
            if self.stopping.wait(delay):
                return
            self.process = subprocess.Popen(self.command())  # noqa: S603 - our own argv

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


_text_service: TextService | None = None


def on_starting(server: Any) -> None:
    global _text_service
    if TEXT_SERVICE and _text_service is None:
        _text_service = TextService(TEXT_SERVICE)
        _text_service.start()


def on_exit(server: Any) -> None:
    if _text_service is not None:
        _text_service.stop()


def when_ready(server: Any) -> None:
    if server.cfg.preload_app:  # else the master has no application to warm
        warm_pages()


def pre_fork(server: Any, worker: Any) -> None:
    if server.cfg.preload_app:
        share_with_workers()


def warm_pages() -> list[str]:
    """Serve `WARM_PATHS` once in each language, in the master; returns the answers' status lines.

    Python rewrites a function's bytecode the first times it runs it (3.11's specialisation) and Django builds
    its caches (translations, compiled templates) on first use: done here, in pages the workers share, rather
    than in a copy each worker writes of its own (about 10 MiB less of each worker's own memory after the same
    traffic). GET only: nothing is written; a failure is logged and the server starts all the same."""
    from django.conf import settings
    from django.utils import translation

    from redress.config.wsgi import application

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip(".*")), "localhost")
    statuses: list[str] = []

    def start_response(status: str, headers: Headers, exc_info: Any = None, /) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None

    for language, _name in settings.LANGUAGES:
        for path in WARM_PATHS:
            try:
                answer = application(_environ(path, host, language, settings.SECURE_PROXY_SSL_HEADER), start_response)
                for _chunk in answer:
                    pass
                getattr(answer, "close", lambda: None)()
            except Exception:
                logger.warning("Warming %s (%s) before the workers start failed.", path, language, exc_info=True)
    translation.deactivate()  # the language of the last page stays with no worker
    return statuses


def _environ(path: str, host: str, language: str, proxy_header: tuple[str, str] | None) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": language,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",  # so that an HTTPS-only deployment answers with the page, not a redirect
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if proxy_header:
        environ[proxy_header[0]] = proxy_header[1]
    return environ


def share_with_workers() -> None:
    """In the master, before a fork: the model loaded, no connection or thread a worker would inherit, the
    objects frozen. Runs before every fork, so a worker started later shares a model activated since."""
    from django.conf import settings
    from django.db import connections

    from redress.core import textservice
    from redress.correspondence.kick import kick_publishes

    # With the text service, neither the model nor the word cutter is loaded here (the service holds them).
    if getattr(settings, "REDRESS_TRIAGE_ENABLED", True) and not textservice.configured():
        from redress.triage.runtime import load_before_fork

        load_before_fork()
    if kick_publishes():  # the workers publish the outbox's kick: Celery's client loaded once, here, and shared
        import redress.config.celery
        import redress.correspondence.tasks  # noqa: F401
    connections.close_all()  # a connection (a socket, a SQLite handle) used by two processes breaks both
    # A worker's collector then never visits (writes to) the objects loaded here, which would copy their pages.
    gc.collect()
    gc.freeze()
    _release_free_memory()


def _release_free_memory() -> None:
    """Give the memory freed while loading (e.g. the model file's JSON) back to the system, so that no worker
    starts with it (glibc keeps freed memory for reuse; elsewhere nothing is done)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc: nothing to give back this way
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
