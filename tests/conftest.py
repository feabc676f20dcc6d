"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.factories import UserFactory
from tests.localsite import LocalSite, local_site

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(available: bool, reason: str) -> None:
    """Skip outside CI when a real service is missing; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this service: {reason}")
    pytest.skip(reason)


def _user(name: str, username: str, doc: str, **fields: Any) -> Any:
    """A fixture ``name`` giving one user (each role's users differ only in these values)."""

    def make(db: Any) -> Any:
        return UserFactory(username=username, **fields)

    make.__doc__ = doc
    return pytest.fixture(name=name)(make)


factchecker = _user("factchecker", "fc", "A fact-checker.", role="fact-checker")
factchecker2 = _user("factchecker2", "fc2", "A second fact-checker.", role="fact-checker")
editor = _user("editor", "ed", "An editor.", role="editor")
editor2 = _user("editor2", "ed2", "A second editor.", role="editor")
admin_user = _user("admin_user", "boss", "An admin (staff, the admin role).", role="admin", is_staff=True)
outsider = _user("outsider", "nobody", "A logged-in user with no role.")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness is for production; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # Production serves hashed files from `collectstatic`'s manifest; tests render pages without
    # running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def keep_the_test_transaction_open() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request, and inside the test's
    transaction (autocommit off) PostgreSQL's counts as old. Django's own test client disconnects
    the same receivers for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def site(settings: Any) -> Iterator[LocalSite]:
    """A loopback web server the fetcher is allowed to reach (only loopback, only in tests)."""
    with local_site() as s:
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
        settings.FETCH_ALLOWED_PORTS = [80, 443, s.port]
        settings.FETCH_READ_TIMEOUT = 1.0
        settings.FETCH_CONNECT_TIMEOUT = 1.0
        yield s
