"""Errors raised by the fetcher, each carrying a sentence a fact-checker can read.

`transient` says whether trying again later might succeed (timeouts, 5xx, 429): `fetch` has
tried those again already (factcheck.fetching.retry), so a caller stores the `reason` either way.
"""

from __future__ import annotations

from factcheck.errors import ReadableError


class FetchError(ReadableError):
    """A fetch that did not produce a page.

    `reason` is a full sentence for the UI and API; `status` is the HTTP status when the
    site answered, else None; `tries` how many times `fetch` sent the failing request (its
    retries included).
    """

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status
        self.tries = 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, transient={self.transient}, status={self.status})"


class UnsafeURLError(FetchError):
    """The address, a redirect target or the address it resolves to is refused. Never transient."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason, transient=False, status=status)


class FetchTimeout(FetchError):
    """The site did not connect, answer or finish within the policy's time limits. Transient."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, transient=True)


class FetchHTTPError(FetchError):
    """The site answered with an error status.

    Transient for 5xx and 429; `retry_after` holds the seconds the site asked to wait
    (from `Retry-After`), if it said.
    """

    def __init__(self, reason: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(reason, transient=status >= 500 or status == 429, status=status)
        self.retry_after = retry_after


class FetchTooLarge(FetchError):
    """The page is larger than the policy's size cap. Not transient."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason, transient=False, status=status)


class UnsupportedContentType(FetchError):
    """The page is not HTML, XHTML or plain text (or says nothing about its type). Not transient."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason, transient=False, status=status)
