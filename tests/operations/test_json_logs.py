"""REDRESS_LOG_FORMAT=json: one JSON object a line, with personal data redacted as in the text format."""

from __future__ import annotations

import io
import json
import logging
import subprocess
from pathlib import Path

from redress.operations.json_logs import RedactingJsonFormatter
from redress.privacy.logging import RedactPIIFilter
from tests.core.test_cli import REDRESS, embedded_env


def test_a_line_is_json_and_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPIIFilter())
    handler.setFormatter(RedactingJsonFormatter())
    logger = logging.getLogger("tests.operations.json")
    logger.addHandler(handler)
    logger.propagate = False
    # another test's logging configuration may have disabled existing loggers or logging as a whole
    logger.disabled, disabled_below = False, logging.root.manager.disable
    logger.setLevel(logging.DEBUG)
    logging.disable(logging.NOTSET)
    try:
        logger.warning(
            "Customer %s called from %s",
            "zhang.san@example.com",
            "13812345678",
            extra={"card": "6222021234567890123", "account": 6222021234567890, "complaint": "CMP-20261128-000042"},
        )
    finally:
        logger.removeHandler(handler)
        logging.disable(disabled_below)
    line = json.loads(stream.getvalue())
    assert line["message"] == "Customer [redacted] called from [redacted]"
    assert (line["level"], line["logger"]) == ("WARNING", "tests.operations.json")
    assert (line["card"], line["account"], line["complaint"]) == ("[redacted]", "[redacted]", "CMP-20261128-000042")
    assert line["time"].endswith("+00:00") and isinstance(line["process"], int)


def test_the_setting_makes_redress_log_json(tmp_path: Path) -> None:
    env = embedded_env(tmp_path) | {"REDRESS_LOG_FORMAT": "json"}
    code = "import logging; logging.getLogger('redress.x').warning('reach me at 13812345678 or a@b.example')"
    done = subprocess.run([REDRESS, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [line["message"] for line in lines if line["logger"] == "redress.x"] == [
        "reach me at [redacted] or [redacted]"
    ]


def test_a_wrong_format_stops_the_process(tmp_path: Path) -> None:
    env = embedded_env(tmp_path) | {"REDRESS_LOG_FORMAT": "xml"}
    done = subprocess.run([REDRESS, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "REDRESS_LOG_FORMAT must be text or json" in done.stderr
