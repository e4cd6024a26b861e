"""`redress mail-gateway [--host 127.0.0.1] [--port 2525]`: receive complaints over SMTP."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.intake.gateway import gateway_controller


class Command(BaseCommand):
    help = "Run an SMTP listener that registers each message it receives (put it behind your MX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--workers", type=int, default=8, help="Messages processed at once (threads).")
        parser.add_argument(
            "--processes", type=int, default=0, help="Process in this many worker processes instead of threads."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        controller = gateway_controller(
            options["host"], options["port"], workers=options["workers"], processes=options["processes"]
        )
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        controller.start()
        self.stdout.write(f"mail-gateway listening on {options['host']}:{options['port']}", ending="\n")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
