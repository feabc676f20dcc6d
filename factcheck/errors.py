"""The one domain error type: a sentence a user can read, an optional field, and a kind.

Services raise it; the API, forms and admin each turn it into a response in one place
(400 / 403 / 404 / 409 / 412 / 422 or a form error).
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    INVALID = "invalid"  # bad input: 400 / form error
    FORBIDDEN = "forbidden"  # role or ownership: 403
    NOT_FOUND = "not_found"  # 404
    CONFLICT = "conflict"  # illegal transition, taken already: 409
    STALE = "stale"  # version mismatch: 412
    UNPROCESSABLE = "unprocessable"  # well-formed but cannot be done as asked (a reused Idempotency-Key): 422


class ReadableError(Exception):
    """An error whose text is one sentence a person can read: ``str(error)`` is that sentence.

    The base of the domain error, the fetcher's and the evidence providers' errors.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DomainError(ReadableError):
    def __init__(self, message: str, *, field: str | None = None, kind: ErrorKind = ErrorKind.INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.kind = kind


class Forbidden(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, kind=ErrorKind.FORBIDDEN)


class TransitionError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, kind=ErrorKind.CONFLICT)


class StaleVersion(DomainError):
    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message, kind=ErrorKind.STALE)
        self.current_version = current_version


class TransientError(Exception):
    """A failure that may succeed on the next try (timeout, connection, 429, 5xx): tasks retry it."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
