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


class PercentileCont(Aggregate):
    """PostgreSQL ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        fraction = float(fraction)
        # The fraction is formatted into the SQL, so it must be a plain number in range.
        if not 0.0 <= fraction <= 1.0 or math.isnan(fraction):
            raise ValueError(f"A percentile fraction lies between 0 and 1, not {fraction!r}.")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        raise NotSupportedError("SQLite has no percentile_cont; use claims.reports.aggregates.percentiles().")


class SecondsBetween(Func):
    """``end - start`` in seconds as a float (NULL when either is NULL)."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(_expr(end), _expr(start), **extra)

    def _compiled(self, compiler: Any) -> tuple[str, str, list[Any]]:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, [*end_params, *start_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        end_sql, start_sql, params = self._compiled(compiler)
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))::double precision", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # Django stores datetimes as ISO text on SQLite; julianday() reads it (to about a millisecond).
        end_sql, start_sql, params = self._compiled(compiler)
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", params

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: Any = None,
        template: Any = None,
        arg_joiner: Any = None,
        **extra_context: Any,
    ) -> Any:
        raise NotSupportedError(f"SecondsBetween is written for PostgreSQL and SQLite, not {connection.vendor}.")


def _expr(value: Any) -> Any:
    return F(value) if isinstance(value, str) else value


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


def _percentiles_ranked(
    queryset: QuerySet[Any], *, value: Any, fractions: Sequence[float], group_by: str | None
) -> Percentiles:
    base = (
        queryset.order_by()
        .annotate(_group=F(group_by) if group_by else Value(0), _value=value)
        .filter(_value__isnull=False)
        .values("_group", "_value")
    )
    inner_sql, inner_params = base.query.sql_with_params()
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
        result[None if group_by is None else group] = row
    return result
