"""One transaction helper: ``atomic_with_retry``, a transaction that is run again once if it lost a deadlock.

Lock order (every service keeps it, so two transactions never wait on each other in a circle):
the **claim row first** (``select_for_update`` or a conditional ``UPDATE`` of the claim), then its
evidence candidates, fetch runs, verdict and audit rows. PostgreSQL can still pick a victim in
rare cases the order does not cover (deferred foreign-key checks at COMMIT take a key-share lock
on the claim; a serializable snapshot can fail); such a transaction did nothing, so running it
once more from the start is safe.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# SQLSTATE 40P01 deadlock_detected and 40001 serialization_failure: the database rolled the
# transaction back, and the same work may well succeed when run again.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def lost_a_race(exc: BaseException) -> bool:
    """True when ``exc`` is a deadlock or serialization failure the database resolved by rolling back."""
    cause = exc.__cause__ if isinstance(exc, OperationalError) else exc
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


def atomic_with_retry(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in ``transaction.atomic()``; if it lost a deadlock, run it once more.

    Only the outermost transaction retries: inside a caller's transaction the locks taken before
    us are still held, so the error goes up to whoever opened it (and its own retry, if any).
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outermost = not connections[DEFAULT_DB_ALIAS].in_atomic_block
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except OperationalError as exc:
            if not (outermost and lost_a_race(exc)):
                raise
            logger.warning("%s lost a deadlock or serialization race; running it again", func.__qualname__)
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper
