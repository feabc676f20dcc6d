"""``atomic_with_retry``: a transaction that lost a deadlock runs once more, nothing else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, transaction

from factcheck.transactions import atomic_with_retry, lost_a_race


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _django_error(sqlstate: str) -> OperationalError:
    # Django wraps the driver's error and keeps it as the cause, as psycopg's DeadlockDetected is.
    try:
        raise OperationalError("deadlock detected") from _DriverError(sqlstate)
    except OperationalError as exc:
        return exc


def _failing_first(errors: list[BaseException]) -> tuple[Any, list[int]]:
    calls: list[int] = []

    @atomic_with_retry
    def work() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "done"

    return work, calls


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_transaction_that_lost_a_deadlock_or_serialization_race_runs_once_more(sqlstate: str) -> None:
    work, calls = _failing_first([_django_error(sqlstate)])
    assert work() == "done"
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_it_retries_only_once() -> None:
    work, calls = _failing_first([_django_error("40P01"), _django_error("40P01")])
    with pytest.raises(OperationalError):
        work()
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried() -> None:
    work, calls = _failing_first([_django_error("57P01")])  # admin shutdown: not a lost race
    with pytest.raises(OperationalError):
        work()
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_error_goes_up_unretried() -> None:
    work, calls = _failing_first([_django_error("40P01")])
    with pytest.raises(OperationalError), transaction.atomic():
        work()
    assert len(calls) == 1


def test_lost_a_race_reads_the_drivers_sqlstate() -> None:
    assert lost_a_race(_django_error("40P01"))
    assert not lost_a_race(OperationalError("no cause"))
