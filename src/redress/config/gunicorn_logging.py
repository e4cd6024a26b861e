"""Gunicorn's access log, with personal data redacted (e.g. `?customer=13812345678` lookups)."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from redress.privacy.logging import redact, redact_query


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {key: redact(redact_query(value)) if isinstance(value, str) else value for key, value in atoms.items()}
