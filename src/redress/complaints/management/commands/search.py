"""`redress search reindex`: make every complaint's search document again (after a restore, an import made
outside the app, or a change to how words are cut)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.complaints.search.index import search_rebuild


class Command(BaseCommand):
    help = "The search index: `reindex` makes every complaint's search document again."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        reindex = sub.add_parser("reindex", help="Make every complaint's search document again.")
        reindex.add_argument("--chunk", type=int, default=1000, help="complaints per transaction (default 1000)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        done = search_rebuild(chunk=max(1, options["chunk"]))
        self.stdout.write(f"{done} complaints indexed in {time.perf_counter() - started:.1f}s")
