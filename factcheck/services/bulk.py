"""One loop for the bulk actions (claims in the queue, matches on the review screen): each id once, in
the order given, through the same per-row service as its single action, a refusal a result."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from factcheck.errors import DomainError

Row = TypeVar("Row")


def bulk_ids(ids: Iterable[int], *, limit: int, field: str, none: str, too_many: str) -> list[int]:
    """The ids in the order given, each once; a DomainError on ``field`` saying ``none`` when there
    are none, or ``too_many`` when there are more than ``limit``."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise DomainError(none, field=field)
    if len(unique) > limit:
        raise DomainError(too_many, field=field)
    return unique


def bulk_apply(
    ids: Iterable[int], rows: Mapping[int, Row], act: Callable[[Row], str], *, missing: str
) -> list[tuple[int, bool, str]]:
    """``(id, ok, detail)`` per id: ``act(row)`` returns the detail of a success; a DomainError it
    raises is a refusal with its message; an id not in ``rows`` is refused with ``missing``."""
    outcomes: list[tuple[int, bool, str]] = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            outcomes.append((pk, False, missing))
            continue
        try:
            detail = act(row)
        except DomainError as refusal:
            outcomes.append((pk, False, refusal.message))
        else:
            outcomes.append((pk, True, detail))
    return outcomes
