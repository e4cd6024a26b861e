"""The database in a backup: a consistent copy made for the archive, and put back on restore.

PostgreSQL: `pg_dump --format=custom` (one snapshot, however busy the server) and `pg_restore` in one
transaction. SQLite: the SQLite backup API, which copies a consistent state while the server writes (WAL),
and on restore the file replaced whole. The connection settings reach pg_dump and pg_restore through the
libpq environment, so no password appears in a process list.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection

from redress.backup.errors import BackupError

_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# The tables whose rows make a database "hold data": a restore does not write over them without --force.
DATA_TABLES = ("complaints_complaint", "accounts_user", "audit_event")


def vendor() -> str:
    return str(connection.vendor)


def dump_file_name() -> str:
    return "redress.pgdump" if vendor() == "postgresql" else "redress.sqlite3"


def dump_database(target: Path) -> list[list[str]]:
    """Write a consistent copy of the database to `target`; return the migrations applied in that copy."""
    if vendor() == "postgresql":
        migrations = _applied_migrations_live()  # before the snapshot: a migration run between shows as pending
        _run_pg("pg_dump", ["--format=custom", "--no-password", f"--file={target}"])
    elif vendor() == "sqlite":
        _sqlite_copy(Path(connection.settings_dict["NAME"]), target)
        with closing(sqlite3.connect(target)) as copy:
            migrations = copy.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    else:
        raise BackupError(f"Backups of {vendor()} databases are not supported (PostgreSQL and SQLite are).")
    target.chmod(0o600)
    return [[str(app), str(name)] for app, name in migrations]


def _applied_migrations_live() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [(str(app), str(name)) for app, name in cursor.fetchall()]


def migrated() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def holds_data() -> bool:
    """Whether the configured database holds complaints, users or audit events (seed data does not count)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - our names
                if cursor.fetchone():
                    return True
    return False


def check_sqlite_copy(copy: Path) -> None:
    with closing(sqlite3.connect(copy)) as database:
        result = database.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError("The database copy in the archive is corrupt: nothing was restored.")


def restore_database(dump: Path, *, force: bool) -> None:
    """Put the archive's database in place of the configured one (which must be idle: server stopped)."""
    if vendor() == "postgresql":
        if force:
            _drop_all_tables()  # tables of a newer schema than the archive's would stop the migrations after
        connection.close()
        options = ["--no-password", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        if force:
            options += ["--clean", "--if-exists"]
        _run_pg("pg_restore", [*options, f"--dbname={connection.settings_dict['NAME']}", str(dump)])
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        placed = target.with_name(target.name + ".restoring")
        shutil.copyfile(dump, placed)
        placed.chmod(0o600)
        for suffix in ("-wal", "-shm", "-journal"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(placed, target)


def _drop_all_tables() -> None:
    tables = connection.introspection.table_names()
    if tables:
        with connection.cursor() as cursor:
            names = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")


def _sqlite_copy(source: Path, target: Path) -> None:
    # The backup API copies every page under one read transaction: a consistent state, while others write.
    with closing(sqlite3.connect(source, timeout=30)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive


def _run_pg(program: str, arguments: list[str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client programs are needed for this).")
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(settings["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    done = subprocess.run([executable, *arguments], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
