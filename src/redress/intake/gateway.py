"""An inbound SMTP listener (aiosmtpd) that hands each message's bytes to `process_message`.

It answers 250 only after the message committed (as a complaint, a reply, a duplicate, an
ignored auto-reply or a quarantine entry) and 451 when it could not even be stored, so the
sending server keeps it and retries.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connections

from redress.intake.gateway_worker import init_process, process_raw

log = logging.getLogger(__name__)


_process = process_raw  # the tests replace it to simulate a database that is down


class IntakeHandler:
    """Processes in `workers` threads, or in `processes` worker processes (no GIL between them)."""

    def __init__(self, workers: int = 8, processes: int = 0) -> None:
        self.workers = workers
        self.processes = processes
        self.executor: Executor
        if processes:
            self.executor = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=multiprocessing.get_context("spawn"),  # no database connection inherited
                initializer=init_process,
                initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "redress.config.settings"),),
            )
        else:
            self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mail-gateway")

    def close(self) -> None:
        """Close each worker thread's database connection, then the pool."""
        if self.processes:
            self.executor.shutdown(wait=True)  # each process closes its connections as it exits
            return
        barrier = threading.Barrier(self.workers)

        def close_own() -> None:
            barrier.wait(timeout=30)  # one task per thread: each waits until all threads hold one
            connections.close_all()

        for future in [self.executor.submit(close_own) for _ in range(self.workers)]:
            future.result(timeout=60)
        self.executor.shutdown(wait=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(self.executor, _process, bytes(raw))
        except Exception:
            log.exception("mail-gateway: could not store a message; the sender will retry")
            return "451 4.3.0 Temporary failure, please try again later"
        return f"250 2.0.0 OK {outcome.status} {outcome.reference}".rstrip()


class GatewayController(Controller):
    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert=no_assert)
        handler = self.handler
        if isinstance(handler, IntakeHandler):
            handler.close()


def gateway_controller(host: str, port: int, *, workers: int = 8, processes: int = 0) -> GatewayController:
    return GatewayController(
        IntakeHandler(workers=workers, processes=processes),
        hostname=host,
        port=port,
        data_size_limit=settings.REDRESS_MAIL_GATEWAY_MAX_BYTES,
        decode_data=False,
        ident="redress mail gateway",
    )
