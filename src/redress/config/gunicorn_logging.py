"""Gunicorn's access log, with personal data redacted (e.g. `?customer=13812345678` lookups); as JSON lines,
like redress's own log, when REDRESS_LOG_FORMAT=json."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from redress.operations.json_logs import RedactingJsonFormatter, log_format
from redress.privacy.logging import RedactPIIFilter, redact, redact_query

# The access line's fields in JSON, from gunicorn's atoms (already redacted).
_ACCESS_FIELDS = {
    "remote": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_seconds": "L",
    "referer": "f",
    "user_agent": "a",
}


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if log_format() == "json":
            for handler in self.error_log.handlers:
                handler.setFormatter(RedactingJsonFormatter())
                handler.addFilter(RedactPIIFilter())
            for handler in self.access_log.handlers:
                handler.setFormatter(RedactingJsonFormatter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {key: redact(redact_query(value)) if isinstance(value, str) else value for key, value in atoms.items()}

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if log_format() != "json":
            super().access(resp, req, environ, request_time)
            return
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {name: atoms.get(atom, "-") for name, atom in _ACCESS_FIELDS.items()}
        self.access_log.info(line)  # a dict: the JSON formatter makes its fields the line's
