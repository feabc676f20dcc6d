"""The browser fixtures leave the process environment as they found it (no browser needed)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import orm_beside_an_event_loop

FLAG = "DJANGO_ALLOW_ASYNC_UNSAFE"


def test_the_async_unsafe_waiver_is_removed_after_the_browser_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FLAG, raising=False)
    with orm_beside_an_event_loop():
        assert os.environ[FLAG] == "true"
    assert FLAG not in os.environ


def test_a_waiver_set_before_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FLAG, "1")
    with orm_beside_an_event_loop():
        assert os.environ[FLAG] == "true"
    assert os.environ[FLAG] == "1"
