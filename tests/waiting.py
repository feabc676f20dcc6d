"""Waiting for something to happen in another process or thread: poll for the event, never sleep a guess."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(predicate: Callable[[], object], *, timeout: float = 60, every: float = 0.2, message: str = "") -> None:
    """Return as soon as ``predicate()`` is true; fail with ``message`` if it is not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(message or "condition not met in time")
