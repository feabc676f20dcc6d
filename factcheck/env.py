"""Typed readers for settings that come from the environment.

Each helper raises ``ImproperlyConfigured`` with the variable's name on a bad value, so a
typo in a deployment fails at start-up with a sentence instead of misbehaving later.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}.")


N = TypeVar("N", int, float)


def _env_number(name: str, default: N, parse: Callable[[str], N], kind: str, minimum: N | None) -> N:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = parse(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    return _env_number(name, default, int, "a whole number", minimum)


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    return _env_number(name, default, float, "a number", minimum)


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def require_secret_key() -> None:
    """Refuse to serve requests or run tasks without a SECRET_KEY when DEBUG is off."""
    if not settings.DEBUG and not os.environ.get("SECRET_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for local work, `make run` sets DEBUG=1)."
        )
