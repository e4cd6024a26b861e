"""The `redress` console script: Django's command line with redress's settings.

Commands are spelt with hyphens on the command line (`redress mail-fetch`, `redress social-source`),
as the README and the operators' scripts write them; Django's command modules cannot have hyphens
in their names, so the first word is read with underscores.

A command that needs the database, run on a home that has not been migrated, says to run
`redress migrate` (exit status 2) instead of ending in a traceback about a missing table.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line
from django.db import DatabaseError, connection

NOT_MIGRATED = "The database of this redress home has not been migrated yet: run `redress migrate` first."


def command_argv(argv: list[str]) -> list[str]:
    """`mail-fetch --once` → `mail_fetch --once`: only the command's own name changes."""
    if argv and not argv[0].startswith("-"):
        return [argv[0].replace("-", "_"), *argv[1:]]
    return argv


def migrations_pending() -> bool:
    """Whether the database lacks migrations (asked only after a command failed on the database)."""
    # lazy: the migration graph is read only after a command failed, never at every start
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return False


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    try:
        execute_from_command_line(["redress", *command_argv(sys.argv[1:] if argv is None else argv)])
    except DatabaseError:
        if not migrations_pending():
            raise
        sys.stderr.write(NOT_MIGRATED + "\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
