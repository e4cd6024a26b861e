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


# A refusal's words by its stable code, in the reader's language (lazy translations), for refusals whose
# service text is English only (the complaint workflow's). Apps add theirs at start (`refusal_words_add`);
# the API answers a registered code with these words, as the pages do.
_REFUSAL_WORDS: dict[str, Any] = {}


def refusal_words_add(words: dict[str, Any]) -> None:
    _REFUSAL_WORDS.update(words)


def refusal_detail(exc: ApplicationError) -> Any:
    """The detail a person reads: a registered code's words (a field-by-field `invalid` keeps its own)."""
    if isinstance(exc.detail, str) and exc.code != "invalid" and exc.code in _REFUSAL_WORDS:
        return str(_REFUSAL_WORDS[exc.code])
    return exc.detail
