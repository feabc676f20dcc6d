from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.localsite import LocalSite, local_site


@pytest.fixture
def site(settings: Any) -> Iterator[LocalSite]:
    """A loopback web server the fetcher is allowed to reach (only loopback, only in tests)."""
    with local_site() as s:
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
        settings.FETCH_ALLOWED_PORTS = [80, 443, s.port]
        settings.FETCH_READ_TIMEOUT = 1.0
        settings.FETCH_CONNECT_TIMEOUT = 1.0
        yield s
