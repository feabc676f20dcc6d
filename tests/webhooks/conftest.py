from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import _fresh_throttle_counters, anon, client_for  # noqa: F401 - shared fixtures
from tests.webhooks.receiver import Receiver, running_receiver


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    """A local receiver the webhook code may call: loopback and its port allowed for this test only."""
    with running_receiver() as running:
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
        settings.FETCH_ALLOWED_PORTS = [80, 443, running.port]
        yield running
