"""The `redress` console script: Django's command line with redress's settings.

Commands are spelt with hyphens on the command line (`redress mail-fetch`, `redress social-source`),
as the README and the operators' scripts write them; Django's command modules cannot have hyphens
in their names, so the first word is read with underscores.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def command_argv(argv: list[str]) -> list[str]:
    """`mail-fetch --once` → `mail_fetch --once`: only the command's own name changes."""
    if argv and not argv[0].startswith("-"):
        return [argv[0].replace("-", "_"), *argv[1:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    execute_from_command_line(["redress", *command_argv(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
