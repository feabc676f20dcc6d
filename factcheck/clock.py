"""The one clock services and stamped fields read: the real time, or a moment given for a block.

Services call :func:`now` where they stamp a time, and every ``auto_now`` / ``auto_now_add`` field
is a :class:`StampedDateTimeField`, which reads the same clock. :func:`frozen_at` sets the moment
for the current thread or task (a context variable, so nothing else running at the same time is
affected): the demo history dates four months of desk work in the past through the real services
this way, without patching ``django.utils.timezone.now``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

_moment: ContextVar[datetime | None] = ContextVar("factcheck_clock_moment", default=None)


def now() -> datetime:
    """The moment set by the enclosing :func:`frozen_at`, else ``timezone.now()``."""
    return _moment.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Run the block at ``moment`` (aware): :func:`now` and stamped fields return it."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime.")
    token = _moment.set(moment)
    try:
        yield moment
    finally:
        _moment.reset(token)


class StampedDateTimeField(models.DateTimeField):
    """A ``DateTimeField`` whose ``auto_now`` / ``auto_now_add`` stamp reads :func:`now`.

    In migrations it is a plain ``DateTimeField`` (see :meth:`deconstruct`): only the value
    written on save differs, never the column.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
