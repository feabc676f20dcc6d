"""Keyset cursors: the full sort key of the last row, and the rows strictly after it.

One helper for every list that pages by cursor (the queue page in the UI and the API's
cursor pagination). A cursor carries every ordering field, ending with a unique one, so a page
100 pages deep is one index range scan and rows inserted elsewhere never make a page repeat or
skip a row. The cursor is opaque to clients: URL-safe base64 of a small JSON object.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

from factcheck.validation import ID_MAX


@dataclass(frozen=True)
class Cursor:
    values: list[Any]  # one per ordering field, as JSON values
    backwards: bool  # True: the rows before ``values`` (a "previous" link)
    ordering: str  # the name of the ordering the values belong to


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value.pk if isinstance(value, Model) else value


def row_values(row: Model | dict[str, Any], fields: tuple[str, ...]) -> list[Any]:
    """The values of ``fields`` (``-`` prefixes and ``__`` paths allowed) on ``row`` (an instance or a
    ``values()`` row), as JSON values."""
    if isinstance(row, dict):
        return [_plain(row[field.lstrip("-")]) for field in fields]
    values = []
    for field in fields:
        value: Any = row
        for part in field.lstrip("-").split("__"):
            value = getattr(value, part)
        values.append(_plain(value))
    return values


def encode(row: Model | dict[str, Any], fields: tuple[str, ...], *, backwards: bool = False, ordering: str = "") -> str:
    """The cursor that points just past ``row`` in the order ``fields``."""
    raw = json.dumps({"v": row_values(row, fields), "b": backwards, "o": ordering}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(raw: str, fields: tuple[str, ...]) -> Cursor | None:
    """The cursor in ``raw``, or None when it is not one :func:`encode` wrote for ``fields``."""
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
        cursor = Cursor(values=data["v"], backwards=bool(data["b"]), ordering=str(data["o"]))
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
        return None
    if not isinstance(cursor.values, list) or len(cursor.values) != len(fields):
        return None
    return cursor


def after(fields: tuple[str, ...], values: list[Any], *, backwards: bool = False) -> Q:
    """Rows strictly after ``values`` in the order ``fields`` (before them when ``backwards``)."""
    condition = Q(pk__in=[])
    for index, field in enumerate(fields):
        name = field.lstrip("-")
        descending = field.startswith("-") != backwards
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        for prior, prior_value in zip(fields[:index], values[:index], strict=False):
            step &= Q(**{prior.lstrip("-"): prior_value})
        condition |= step
    return condition


def typed_values(model: type[Model], fields: tuple[str, ...], values: list[Any]) -> list[Any] | None:
    """A cursor's values as the ordering fields' own types, or None when one is not (a string for a
    number, a number beyond 64 bits, a score that is not finite): a forged cursor never reaches the
    database, where it would be an error or, on SQLite, an overflow."""
    typed = []
    for field, value in zip(fields, values, strict=True):
        model_field: Any = model._meta.get_field(field.lstrip("-"))
        if value is None or isinstance(value, dict | list | bool):
            return None
        try:
            converted = model_field.to_python(value)
        except (ValidationError, TypeError, ValueError):
            return None
        if (isinstance(converted, int) and abs(converted) > ID_MAX) or (
            isinstance(converted, float) and not math.isfinite(converted)
        ):
            return None
        typed.append(converted)
    return typed


def rows_after(queryset: QuerySet[Any], fields: tuple[str, ...], cursor: Cursor) -> QuerySet[Any] | None:
    """``queryset`` narrowed to the rows after ``cursor``, or None when its values do not fit the fields
    (a forged cursor: the caller shows page one or answers 400, never a 500)."""
    values = typed_values(queryset.model, fields, cursor.values)
    if values is None:
        return None
    return queryset.filter(after(fields, values, backwards=cursor.backwards))
