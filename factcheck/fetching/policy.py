"""The fetcher's configuration: one frozen value, read from Django settings only on request."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_USER_AGENT = "FactcheckWorkbench/1.0 (+fact-checking; fetches single pages on request)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch or URL check.

    `allow_private_addresses` exists for the test suite's own loopback server: when True,
    loopback addresses (127.0.0.0/8, ::1) are accepted. Every other non-public range stays
    refused even then, which is also what requests-hardened's loopback switch does.
    `total_timeout` bounds the whole fetch (all hops and the body), because `read_timeout`
    only bounds each single read and a server dripping a byte at a time never trips it.
    """

    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    allowed_ports: tuple[int, ...] = (80, 443)
    allowed_content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
    allow_private_addresses: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    # Tries per hop in all (the first and the retries of factcheck.fetching.retry), and the
    # longest backoff or Retry-After waited; a longer Retry-After ends the fetch with the answer.
    max_attempts: int = 3
    max_wait: float = 10.0

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a positive number of seconds.")
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive.")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1.")
        if self.max_wait < 0:
            raise ValueError("max_wait must not be negative.")
        if self.max_redirects < 0:
            raise ValueError("max_redirects must not be negative.")
        if not self.allowed_ports or any(not 0 < port < 65536 for port in self.allowed_ports):
            raise ValueError("allowed_ports must list ports between 1 and 65535.")
        object.__setattr__(self, "allowed_ports", tuple(int(port) for port in self.allowed_ports))
        object.__setattr__(self, "allowed_content_types", tuple(kind.lower() for kind in self.allowed_content_types))

    @classmethod
    def from_settings(cls) -> FetchPolicy:
        """Build the policy from Django settings (`FETCH_*`), defaulting each missing name.

        Without configured settings this returns the defaults, so the package stays usable from
        scripts and tests. A bad value raises ImproperlyConfigured.
        """
        if not settings.configured:
            return cls()
        defaults = {field.name: field.default for field in fields(cls)}
        names = {
            "connect_timeout": "FETCH_CONNECT_TIMEOUT",
            "read_timeout": "FETCH_READ_TIMEOUT",
            "total_timeout": "FETCH_TOTAL_TIMEOUT",
            "max_bytes": "FETCH_MAX_BYTES",
            "max_redirects": "FETCH_MAX_REDIRECTS",
            "allowed_ports": "FETCH_ALLOWED_PORTS",
            "allow_private_addresses": "FETCH_ALLOW_PRIVATE_ADDRESSES",
            "user_agent": "FETCH_USER_AGENT",
            "max_attempts": "FETCH_MAX_ATTEMPTS",
            "max_wait": "FETCH_MAX_WAIT",
        }
        values: dict[str, Any] = {
            attribute: getattr(settings, setting, defaults[attribute]) for attribute, setting in names.items()
        }
        try:
            values["allowed_ports"] = tuple(int(port) for port in values["allowed_ports"])
            values["allow_private_addresses"] = bool(values["allow_private_addresses"])
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(f"Invalid FETCH_* setting: {exc}") from exc
