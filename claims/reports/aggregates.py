"""Database-side durations and percentiles for the reports.

PostgreSQL has ``percentile_cont`` (an ordered-set aggregate); SQLite has none. :func:`percentiles`
uses the aggregate on PostgreSQL and, elsewhere, ranks the rows with window functions in SQL and
fetches only the one or two rows on either side of each percentile's position, so the database
does the sorting and Python only interpolates between two numbers per group. Both paths compute
the same continuous percentile (linear interpolation between the closest ranks), and a test runs
both on PostgreSQL to show it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

from django.db import NotSupportedError, connection
from django.db.models import Aggregate, Expression, F, FloatField, Func, QuerySet, Value


def checked_fraction(fraction: float) -> float:
    """The fraction is formatted into the SQL, so it must be a plain number in range."""
    fraction = float(fraction)
    if not 0.0 <= fraction <= 1.0 or math.isnan(fraction):
        raise ValueError(f"A percentile fraction lies between 0 and 1, not {fraction!r}.")
    return fraction


class PercentileCont(Aggregate):
    """PostgreSQL ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=repr(checked_fraction(fraction)), **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        raise NotSupportedError("SQLite has no percentile_cont; use claims.reports.aggregates.percentiles().")


Percentiles = dict[Hashable, list[float | None]]


def percentiles(
    queryset: QuerySet[Any],
    *,
    value: Expression | Func,
    fractions: Sequence[float],
    group_by: str | None = None,
    force_fallback: bool = False,
) -> Percentiles:
    """Continuous percentiles of ``value`` over ``queryset``, per ``group_by`` value (or under key None).

    Rows where ``value`` is NULL are ignored, as ``percentile_cont`` does. Groups with no rows are
    absent from the result. One query on either path.
    """
    if connection.vendor == "postgresql" and not force_fallback:
        return _percentiles_postgresql(queryset, value=value, fractions=fractions, group_by=group_by)
    return _percentiles_ranked(queryset, value=value, fractions=fractions, group_by=group_by)


def _percentiles_postgresql(
    queryset: QuerySet[Any], *, value: Any, fractions: Sequence[float], group_by: str | None
) -> Percentiles:
    aggregates = {f"p{i}": PercentileCont(value, fraction=f) for i, f in enumerate(fractions)}
    keys = list(aggregates)
    if group_by is None:
        row = queryset.order_by().aggregate(**aggregates)
        if all(row[k] is None for k in keys):
            return {}
        return {None: [row[k] for k in keys]}
    rows = queryset.order_by().values(_group=F(group_by)).annotate(**aggregates)
    return {row["_group"]: [row[k] for k in keys] for row in rows}


def value_rows(queryset: QuerySet[Any], *, value: Any, group_by: str | None) -> QuerySet[Any]:
    """``queryset`` as the rows percentiles are taken over: ``_group`` (0 when not grouped) and a
    non-NULL ``_value``."""
    return (
        queryset.order_by()
        .annotate(_group=F(group_by) if group_by else Value(0), _value=value)
        .filter(_value__isnull=False)
        .values("_group", "_value")
    )


def percentiles_of(
    parts: Sequence[QuerySet[Any]], *, fractions: Sequence[float], grouped: bool, force_fallback: bool = False
) -> Percentiles:
    """Continuous percentiles over the rows of all ``parts`` together (``UNION ALL``), each made by
    :func:`value_rows`: what the reports take over the roll-up's past days and today's live rows at
    once. Keys as :func:`percentiles` gives them (None when not ``grouped``). One query."""
    fractions = [checked_fraction(f) for f in fractions]
    if not parts:
        return {}
    compiled = [part.query.sql_with_params() for part in parts]
    union = " UNION ALL ".join(sql for sql, _ in compiled)
    params = [p for _, ps in compiled for p in ps]
    if connection.vendor == "postgresql" and not force_fallback:
        columns = ", ".join(f"PERCENTILE_CONT({f!r}) WITHIN GROUP (ORDER BY val)" for f in fractions)
        sql = f"SELECT grp, {columns} FROM ({union}) AS u (grp, val) GROUP BY grp"  # noqa: S608 - compiled SQL only
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return {(row[0] if grouped else None): list(row[1:]) for row in rows}
    return _ranked(union, params, fractions, grouped)


def _percentiles_ranked(
    queryset: QuerySet[Any], *, value: Any, fractions: Sequence[float], group_by: str | None
) -> Percentiles:
    inner_sql, inner_params = value_rows(queryset, value=value, group_by=group_by).query.sql_with_params()
    return _ranked(inner_sql, list(inner_params), fractions, group_by is not None)


def _ranked(inner_sql: str, inner_params: list[Any], fractions: Sequence[float], grouped: bool) -> Percentiles:
    # Keep the rows within one rank of each fraction's position (rank - 1 = fraction * (n - 1)):
    # the floor and ceiling ranks that percentile_cont interpolates between.
    near = " OR ".join("ABS((rn - 1) - %s * (n - 1)) < 1" for _ in fractions)
    sql = (
        "SELECT grp, val, rn, n FROM ("  # noqa: S608 - composed of Django-compiled SQL and placeholders only
        ' SELECT "_group" AS grp, "_value" AS val,'
        ' ROW_NUMBER() OVER (PARTITION BY "_group" ORDER BY "_value") AS rn,'
        ' COUNT(*) OVER (PARTITION BY "_group") AS n'
        f" FROM ({inner_sql}) base"
        f") ranked WHERE {near}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *fractions])
        near_rows = cursor.fetchall()
    by_group: dict[Hashable, tuple[int, dict[int, float]]] = {}
    for group, val, rank, count in near_rows:
        by_group.setdefault(group, (int(count), {}))[1][int(rank) - 1] = float(val)
    result: Percentiles = {}
    for group, (count, values) in by_group.items():
        row: list[float | None] = []
        for fraction in fractions:
            position = fraction * (count - 1)
            low, high = math.floor(position), math.ceil(position)
            row.append(values[low] + (values[high] - values[low]) * (position - low))
        result[group if grouped else None] = row
    return result
