"""One family of errors that services raise; the API and the pages translate them in one place."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A refusal a person can act on: a stable code, a readable detail, an HTTP status."""

    status = 400
    code = "invalid"

    def __init__(self, detail: Any, *, code: str | None = None) -> None:
        super().__init__(detail if isinstance(detail, str) else repr(detail))
        self.detail = detail
        if code is not None:
            self.code = code


class InvalidInput(ApplicationError):
    status = 400
    code = "invalid"


class Forbidden(ApplicationError):
    status = 403
    code = "forbidden"


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"
