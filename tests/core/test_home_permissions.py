"""REDRESS_HOME private to redress's user, and the data key kept apart from the data."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
from pathlib import Path

from tests.core.test_security_headers import REDRESS, production_env


def _embedded_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_") and k != "DATABASE_URL"}
    return env | {"REDRESS_HOME": str(home), **extra}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_keys_and_home_are_readable_by_redress_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    result = subprocess.run(
        [REDRESS, "migrate", "--verbosity", "0"], env=_embedded_env(home), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert _mode(home) == 0o700
    for name in ("redress.sqlite3", "data.key", "secret_key"):
        assert _mode(home / name) & 0o077 == 0, name


def test_the_data_key_can_live_in_a_file_outside_the_home(tmp_path: Path) -> None:
    home, secrets = tmp_path / "home", tmp_path / "secrets"
    secrets.mkdir()
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    (secrets / "data.key").write_text(key + "\n")
    code = "from django.conf import settings; print(settings.REDRESS_DATA_KEY)"
    env = _embedded_env(home, REDRESS_DATA_KEY_FILE=str(secrets / "data.key"))
    shown = subprocess.run(
        [REDRESS, "shell", "--no-imports", "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert shown.stdout.strip() == key, shown.stderr
    assert not (home / "data.key").exists()
    missing = subprocess.run(
        [REDRESS, "check"],
        env=_embedded_env(home, REDRESS_DATA_KEY_FILE=str(secrets / "none")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode != 0 and "REDRESS_DATA_KEY_FILE" in missing.stderr and "Traceback" not in missing.stderr


def test_the_deploy_check_warns_of_a_key_beside_the_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    inside = home / "data.key"
    inside.write_text("A" * 43 + "=\n")
    outside = tmp_path / "data.key"
    outside.write_text("A" * 43 + "=\n")
    for path, clean in ((inside, False), (outside, True)):
        env = production_env(REDRESS_HOME=str(home), REDRESS_DATA_KEY_FILE=str(path))
        env.pop("REDRESS_DATA_KEY")
        checked = subprocess.run(
            [REDRESS, "check", "--deploy", "--fail-level", "WARNING"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (checked.returncode == 0) is clean, checked.stdout + checked.stderr
        assert ("redress.W001" in checked.stdout + checked.stderr) is not clean
