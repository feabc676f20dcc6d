"""The fuzz suite (``make test-fuzz``): schemathesis over the whole served schema, as three roles.

It runs only when asked for (``-m fuzz``, which ``make test-fuzz`` passes): the normal suite keeps
its bounded contract test in ``tests/api/test_contract.py``. The requests go in-process to the WSGI
app on the test's own database (the contract test's pattern), so the same run works on SQLite and,
in CI, on PostgreSQL.

Budget: ``FUZZ_SECONDS`` (default 300) is shared by all roles and operations; every test is sized
by ``FUZZ_EXAMPLES`` (examples per operation and role, default 8) and stops generating when the
budget is spent, saying so in its output.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "300"))
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZ_STATEFUL_STEPS = int(os.environ.get("FUZZ_STATEFUL_STEPS", "20"))

_started: list[float] = []


def seconds_left() -> float:
    if not _started:
        _started.append(time.monotonic())
    return FUZZ_SECONDS - (time.monotonic() - _started[0])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selected = "fuzz" in (config.getoption("markexpr") or "")
    for item in items:
        if "tests/fuzz/" in str(item.fspath):
            item.add_marker(pytest.mark.fuzz)
            if not selected:
                item.add_marker(pytest.mark.skip(reason="the fuzz suite runs with `make test-fuzz` (-m fuzz)"))


@pytest.fixture
def open_throttles(settings: Any, keep_the_test_transaction_open: None) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "1000000/hour", "anon": "1000000/hour"},
    }
