"""redress serve — the embedded default: migrate, then web + worker + scheduler in one command."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from redress.accounts.models import User
from redress.site.demo.load import demo_load, demo_logins, demo_spikes
from redress.triage import runtime
from redress.triage.models import TriageModelVersion


class Command(BaseCommand):
    help = "Migrate, load the demo on first start, and run the web server, the worker and the scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo on first start")
        parser.add_argument("--no-worker", action="store_true", help="web server only")
        parser.add_argument(
            "--no-triage-model", action="store_true", help="do not train the triage model on first start"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        public_url = self._public_url(options["host"], options["port"])
        call_command("migrate", interactive=False, verbosity=0)
        self.first_start(demo=not options["no_demo"])
        home = settings.HOME
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:redress.config.gunicorn",  # the application and the triage model shared by the workers
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        worker = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "redress.config",
            "worker",
            "--beat",
            "--schedule",
            str(home / "celerybeat-schedule"),
            "--concurrency",
            "1",
            "--pool",
            "threads",
            "--loglevel",
            "INFO",
        ]
        commands = [web] if options["no_worker"] else [web, worker]
        env = {**os.environ, "REDRESS_HOME": str(home), "REDRESS_PUBLIC_URL": public_url}
        env["PROMETHEUS_MULTIPROC_DIR"] = str(self._metrics_dir(home))
        # The text service gunicorn starts (redress.config.gunicorn): the Celery worker asks it as well.
        env.setdefault("REDRESS_TEXT_SERVICE", str(home / "text.sock"))
        children = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603 - our own argv
        helpers = [] if options["no_triage_model"] else self._triage_bootstrap(env)
        url = f"http://{options['host']}:{options['port']}/"
        logins = demo_logins()
        self.stdout.write(f"\nredress is running at {url}  (API docs: {url}api/docs/)  — Ctrl-C stops it.")
        if logins:
            self.stdout.write("Demo sign-ins (also in REDRESS_HOME/demo-logins.txt):\n" + logins + "\n")
            if settings.REDRESS_REQUIRE_2FA:
                self.stdout.write(
                    "Two-factor sign-in is on: each person sets up an authenticator app at the first sign-in "
                    "(the key is shown as text too). REDRESS_REQUIRE_2FA=false turns it off.\n"
                )
        self._supervise(children, helpers)

    def first_start(self, *, demo: bool) -> None:
        """On an empty database: the demo, except in production, where the demo's shared password must never
        be — there the operator is told to create the first account."""
        if User.objects.exists():
            return
        if settings.PRODUCTION:
            self.stdout.write(
                "No users yet. Create the first with `redress createuser NAME --role admin` (the demo is not "
                "loaded in production)."
            )
        elif demo:
            self.stdout.write("First start: loading the demo data…")
            demo_load()
            demo_spikes()

    def _public_url(self, host: str, port: int) -> str:
        """Where customers reach this server (survey links in letters): REDRESS_PUBLIC_URL when set, else the
        address served, which this process (the demo's letters) and its children then use."""
        if os.environ.get("REDRESS_PUBLIC_URL"):
            return str(settings.REDRESS_PUBLIC_URL)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - compared, not bound
        url = f"http://{shown}:{port}"
        if settings.PRODUCTION or shown != host:
            self.stderr.write(
                f"REDRESS_PUBLIC_URL is not set: links sent to customers will point at {url}. "
                "Set it to the address customers reach redress at."
            )
        settings.REDRESS_PUBLIC_URL = url
        return url

    def _metrics_dir(self, home: Path) -> Path:
        """Where the web and worker processes write their metrics, for `/metrics` to add up (prometheus_client's
        multiprocess mode): PROMETHEUS_MULTIPROC_DIR, else REDRESS_HOME/metrics. A previous run's files are
        removed (only them: the folder may be the operator's), so that counters start again from zero."""
        folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or home / "metrics")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db"):
            old.unlink()
        return folder

    def _triage_bootstrap(self, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
        """First start without the shipped model (a checkout where `make model` has not been run): build one
        in the background (`triage train --bootstrap --if-missing`).

        The server is up at once; until the model is active, registration suggests from the rules alone,
        and the web processes pick the new version up within REDRESS_TRIAGE_CACHE_SECONDS.
        """
        shipped = runtime.shipped_model_path()
        if TriageModelVersion.objects.filter(active=True).exists() or (shipped is not None and shipped.exists()):
            return []
        self.stdout.write("First start: training the triage model in the background (rules only until it is ready)…")
        command = [sys.executable, "-m", "redress.cli", "triage", "train", "--bootstrap", "--if-missing"]
        nice = shutil.which("nice")
        if nice:
            command = [nice, "-n", "10", *command]  # the web server comes first on a small machine
        return [subprocess.Popen(command, env=env)]  # noqa: S603 - our own argv

    def _supervise(
        self, children: list[subprocess.Popen[bytes]], helpers: list[subprocess.Popen[bytes]] | None = None
    ) -> None:
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
        for child in [*children, *(helpers or [])]:
            if child.poll() is None:
                child.terminate()
        for child in [*children, *(helpers or [])]:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        failed = [child.pid for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            raise SystemExit(f"A part of redress (process {failed[0]}) stopped unexpectedly; see the output above.")
