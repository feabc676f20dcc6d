"""One way a selector narrows a queryset by the filters a user gave."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str | tuple | list | set) and not value)


def narrow(queryset: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``queryset`` filtered by each lookup whose value was given: ``None``, ``""`` and an empty
    sequence mean "no filter"; ``0`` and ``False`` are values like any other."""
    given = {lookup: value for lookup, value in lookups.items() if _given(value)}
    return queryset.filter(**given) if given else queryset
