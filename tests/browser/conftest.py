"""A real browser (Debian's Chromium, driven by Playwright) against the live test server."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # CI sets REDRESS_REQUIRE_BROWSER=1: there a missing Chromium fails these tests instead of skipping them.
    if CHROMIUM or os.environ.get("REDRESS_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(live_server: Any) -> Any:
    """pytest-django's live server, answering one request at a time when the database is SQLite in memory.

    There the server's threads share the test's one connection (the database lives only in it), and two
    requests on it at once can deadlock inside C: one holds SQLite's lock and waits for the GIL to run a
    Python SQL function (Django's date functions), the other holds the GIL and waits for SQLite's lock
    (binding a parameter). The browser still opens as many connections as it likes; their requests take
    turns, each with its whole answer read inside its turn (a streamed CSV reads the database as it goes).
    """
    thread = live_server.thread
    if thread.connections_override:
        thread.httpd.set_app(_one_at_a_time(thread.httpd.get_app()))
    return live_server


def _one_at_a_time(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    turn = threading.Lock()

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with turn:
            answer = app(environ, start_response)
            try:
                return list(answer)
            finally:
                close = getattr(answer, "close", None)
                if close is not None:
                    close()

    return serve


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fresh page. Playwright keeps an event loop in this thread, which Django takes for async code;
    the test's own queries between browser steps are plain synchronous ones, so allow them."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM or "chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            refused: list[str] = []  # the pages run under the Content-Security-Policy: nothing of theirs refused
            page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
            yield page
            assert not refused, refused
        finally:
            # Queries the test made while the browser ran went through connections of that context:
            # close them here, in the same context, or they outlive the test database.
            from django.db import connections

            connections.close_all()
            browser.close()


def wait_until(page: Any, expression: str, seconds: float = 30) -> None:
    """Poll `expression` in the page until it is true. (Playwright's wait_for_function evaluates a string
    inside the page, which the Content-Security-Policy refuses, as it should.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)
