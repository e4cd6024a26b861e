"""What the console leaves out: a refused request's traceback.

Django logs a 403 from `PermissionDenied` (and a 400 from `SuspiciousOperation`) on `django.request` with the
exception's traceback; a refusal is an answer, not a fault, so the one line "Forbidden (Permission denied):
/path" says it all. A 5xx keeps its traceback.
"""

from __future__ import annotations

import logging


class NoTracebackForRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
