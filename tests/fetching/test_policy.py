"""FetchPolicy: its defaults, reading the FETCH_* settings lazily, and the small header parsers."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.fetching import FetchPolicy
from factcheck.fetching.client import parse_content_type, parse_retry_after

REPOSITORY = Path(__file__).resolve().parents[2]


def test_defaults_are_the_documented_limits() -> None:
    policy = FetchPolicy()
    assert (policy.connect_timeout, policy.read_timeout) == (2.0, 10.0)
    assert policy.max_bytes == 5 * 1024 * 1024
    assert policy.max_redirects == 5
    assert policy.allowed_ports == (80, 443)
    assert policy.allowed_content_types == ("text/html", "application/xhtml+xml", "text/plain")
    assert policy.allow_private_addresses is False


def test_importing_the_package_does_not_touch_django_settings() -> None:
    code = (
        "import factcheck.fetching\n"
        "from django.conf import settings\n"
        "assert not settings.configured, 'factcheck.fetching configured Django settings on import'\n"
    )
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_from_settings_reads_each_fetch_setting(settings: Any) -> None:
    settings.FETCH_CONNECT_TIMEOUT = 1.5
    settings.FETCH_READ_TIMEOUT = 4
    settings.FETCH_MAX_BYTES = 2048
    settings.FETCH_MAX_REDIRECTS = 2
    settings.FETCH_ALLOWED_PORTS = [443, "8443"]
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.FETCH_USER_AGENT = "Checker/3"
    policy = FetchPolicy.from_settings()
    assert policy == FetchPolicy(
        connect_timeout=1.5,
        read_timeout=4,
        max_bytes=2048,
        max_redirects=2,
        allowed_ports=(443, 8443),
        allow_private_addresses=True,
        user_agent="Checker/3",
    )


def test_missing_settings_fall_back_to_the_defaults(settings: Any) -> None:
    for name in ("FETCH_CONNECT_TIMEOUT", "FETCH_MAX_BYTES", "FETCH_ALLOWED_PORTS", "FETCH_USER_AGENT"):
        if hasattr(settings, name):
            delattr(settings, name)
    policy = FetchPolicy.from_settings()
    assert policy.connect_timeout == 2.0
    assert policy.max_bytes == 5 * 1024 * 1024
    assert policy.allowed_ports == (80, 443)


@pytest.mark.parametrize(
    ("name", "value"),
    [("FETCH_READ_TIMEOUT", 0), ("FETCH_MAX_BYTES", -1), ("FETCH_ALLOWED_PORTS", ["http"]),
     ("FETCH_ALLOWED_PORTS", [70000]), ("FETCH_MAX_REDIRECTS", -1)],
)  # fmt: skip
def test_a_bad_setting_is_an_improper_configuration(settings: Any, name: str, value: object) -> None:
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match="FETCH_"):
        FetchPolicy.from_settings()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('text/html; charset="windows-1252"', ("text/html", "windows-1252")),
        ("text/html;charset='Shift_JIS'", ("text/html", "shift_jis")),
        ("Text/Plain", ("text/plain", None)),
        ("text/html; boundary=x; CHARSET=euc-kr", ("text/html", "euc-kr")),
        ("", ("", None)),
    ],
)
def test_content_type_parsing(header: str, expected: tuple[str, str | None]) -> None:
    assert parse_content_type(header) == expected


def test_retry_after_parsing() -> None:
    now = datetime(2025, 3, 30, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("30", now=now) == 30.0
    assert parse_retry_after("Sun, 30 Mar 2025 12:02:00 GMT", now=now) == 120.0
    assert parse_retry_after("Sun, 30 Mar 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after("-5", now=now) is None
    assert parse_retry_after(None) is None
