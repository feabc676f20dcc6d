"""Reads for the editor reports. Every figure is aggregated in the database.

Each report runs a fixed number of grouped queries, whatever the size of the data: counts with
``Count(..., filter=Q(...))`` pivots (one column per rating), ``Trunc`` for periods, and
percentiles from :mod:`claims.reports.aggregates`. Python only reshapes the aggregated rows (a few
per group) into :class:`~claims.reports.tables.Table` objects, whose count cells link to the
claims behind them.

What the period means, per report:

* Verdicts, speakers, time to verdict: verdicts *published* in the period.
* Throughput: claims *created* (extracted) in the period, and audit events (taken, submitted,
  returned, published, dismissed) *recorded* in the period, counted as distinct claims.
* Reviewers: "in progress" and "awaiting review" are the desk's state now; published, returned
  and the median time are for the period.

Counts of whole past days come from the daily roll-up (:mod:`claims.services.report_rollup`), today's
(and any day the roll-up does not hold) from the live tables, and the two are added per group here:
:func:`day_split` says which days are which, :func:`verdict_groups` counts published verdicts from
both. Percentiles cannot be added up: they read the live tables (see ``docs/reports.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import Trunc
from django.urls import reverse

from claims.models import Rating, ReportVerdictDay, ReportVerdictTiming, Verdict
from claims.reports.aggregates import Percentiles, percentiles_of, value_rows
from claims.reports.filters import ReportFilters, bucket_end, day_after, day_start
from claims.reports.tables import Cell, Column, Table
from claims.selectors.catalog import ratings_in_order
from claims.services.report_rollup import DURATIONS, Coverage, SecondsBetween, ensure_current
from factcheck.querysets import narrow

HOUR = 3600.0


FRACTIONS = (0.5, 0.9)


TOP_GROUPS = 25


def active_ratings() -> list[Rating]:
    """The scale in its order; ratings no longer in use stay while verdicts carry them."""
    return list(ratings_in_order())


def published_in_period(f: ReportFilters) -> QuerySet[Verdict]:
    """Verdicts published in the period, narrowed by every filter. Uses the published_at index."""
    return narrow(
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, published_at__gte=f.start, published_at__lt=f.end),
        claim__article__outlet_id=f.outlet,
        claim__speaker_id=f.speaker,
        author_id=f.reviewer,
        rating_id=f.rating,
    )


def published_link_params(f: ReportFilters) -> dict[str, Any]:
    return {
        "verdict": Verdict.Status.PUBLISHED,
        "published_from": f.date_from.isoformat(),
        "published_to": f.date_to.isoformat(),
        "outlet": f.outlet,
        "speaker": f.speaker,
        "reviewer": f.reviewer,
        "rating": f.rating_slug,
    }


def rating_pivot(ratings: Iterable[Rating]) -> dict[str, Count]:
    """One count column per rating, plus the total: a pivot in one grouped query."""
    columns: dict[str, Count] = {"total": Count("id")}
    columns.update({f"r{r.pk}": Count("id", filter=Q(rating_id=r.pk)) for r in ratings})
    return columns


def pivot_table(
    *,
    key: str,
    title: str,
    label: str,
    rows: Iterable[dict[str, Any]],
    ratings: list[Rating],
    name_of: Callable[[dict[str, Any]], str],
    link: Callable[[dict[str, Any], Rating | None], str],
    label_link: Callable[[dict[str, Any]], str] | None = None,
    note: str = "",
) -> Table:
    table = Table(
        key=key,
        title=title,
        columns=[
            Column("label", label),
            *(Column(r.slug, r.name, numeric=True) for r in ratings),
            Column("total", "Total", numeric=True),
        ],
        note=note,
    )
    for row in rows:
        table.add(
            Cell(name_of(row), label_link(row) if label_link else ""),
            *(Cell(row[f"r{r.pk}"], link(row, r) if row[f"r{r.pk}"] else "") for r in ratings),
            Cell(row["total"], link(row, None)),
        )
    return table


def speaker_card_link(speaker_id: int | None, f: ReportFilters) -> str:
    if speaker_id is None:
        return ""
    params = {k: v for k, v in f.as_params().items() if k != "speaker"}
    return reverse("reports:speaker", args=[speaker_id]) + "?" + urlencode(params)


def group_param(value: Any) -> Any:
    """A group's id as a link parameter: ``none`` for the claims without one."""
    return "none" if value is None else value


# -- the roll-up and the live tables --------------------------------------------------------------

DayRange = tuple[date, date]  # first and last day, inclusive


@dataclass(frozen=True)
class Split:
    """The days of a period read from the roll-up (``rolled``) and those read live (``live``)."""

    rolled: DayRange | None
    live: tuple[DayRange, ...]


def coverage() -> Coverage | None:
    """What the roll-up holds now (one query; rolls up the days since it was last brought current)."""
    return ensure_current()


def day_split(f: ReportFilters, held: Coverage | None) -> Split:
    """Every day of the period the roll-up holds is read from it; the rest (today, always) live."""
    if held is None:
        return Split(None, ((f.date_from, f.date_to),))
    return _split(f, max(f.date_from, held.since), min(f.date_to, held.until - timedelta(days=1)))


def bucket_split(f: ReportFilters, held: Coverage | None) -> Split:
    """Like :func:`day_split`, but whole buckets (weeks, months) only: distinct claims per bucket cannot
    be added from days cut at the period's edge, so a bucket the period or the roll-up cuts is read live."""
    days = day_split(f, held)
    if days.rolled is None:
        return days
    lo, hi = days.rolled
    whole = [b for b in f.buckets() if lo <= b and bucket_end(b, f.bucket) <= hi]
    if not whole:
        return Split(None, ((f.date_from, f.date_to),))
    return _split(f, whole[0], bucket_end(whole[-1], f.bucket))


def _split(f: ReportFilters, lo: date, hi: date) -> Split:
    if lo > hi:
        return Split(None, ((f.date_from, f.date_to),))
    live = []
    if f.date_from < lo:
        live.append((f.date_from, lo - timedelta(days=1)))
    if hi < f.date_to:
        live.append((hi + timedelta(days=1), f.date_to))
    return Split((lo, hi), tuple(live))


def live_days(field: str, ranges: Sequence[DayRange]) -> Q:
    """``field`` (a timestamp) falls on one of the day ranges, in the site's time zone."""
    q = Q(pk__in=[])
    for lo, hi in ranges:
        q |= Q(**{f"{field}__gte": day_start(lo), f"{field}__lt": day_after(hi)})
    return q


def rolled_bucket(bucket: str) -> Trunc:
    """The roll-up's day truncated to the report's bucket (as ``Trunc`` truncates the live timestamps)."""
    return Trunc("day", bucket, output_field=DateField())


Row = dict[str, Any]
RolledModel = TypeVar("RolledModel", ReportVerdictDay, ReportVerdictTiming)


def rolled_verdicts(model: type[RolledModel], f: ReportFilters, days: DayRange) -> QuerySet[RolledModel]:
    """A verdict roll-up's rows of the days, narrowed by every report filter."""
    return narrow(
        model.objects.filter(day__gte=days[0], day__lte=days[1]),
        outlet_id=f.outlet,
        speaker_id=f.speaker,
        author_id=f.reviewer,
        rating_id=f.rating,
    )


# The group columns of each grouping, as the live verdicts and the roll-up name them.
GROUPINGS: dict[str, Any] = {
    "speaker": {
        "live": {"group": F("claim__speaker_id"), "name": F("claim__speaker__name")},
        "rolled": {"group": F("speaker_id"), "name": F("speaker__name")},
    },
    "outlet": {
        "live": {"group": F("claim__article__outlet_id"), "name": F("claim__article__outlet__name")},
        "rolled": {"group": F("outlet_id"), "name": F("outlet__name")},
    },
    "kind": {
        "live": {"group": F("claim__kind"), "name": F("claim__kind")},
        "rolled": {"group": F("kind"), "name": F("kind")},
    },
    "author": {"live": {"group": F("author_id")}, "rolled": {"group": F("author_id")}},
}


def verdict_groups(
    f: ReportFilters,
    split: Split,
    ratings: Sequence[Rating],
    *,
    live: dict[str, Any],
    rolled: dict[str, Any],
    live_qs: QuerySet[Verdict] | None = None,
) -> list[Row]:
    """Published verdicts of the period by rating (``total`` and ``r<id>`` columns) per group: the
    roll-up's counts for its days and the live table's for the others, added per group. ``live`` and
    ``rolled`` name the same group columns for each source; no columns is one row of totals. One query
    per source used."""
    columns = ["total", *(f"r{r.pk}" for r in ratings)]
    merged: dict[tuple[Any, ...], Row] = {}

    def add(rows: Iterable[Any]) -> None:
        for row in rows:
            key = tuple(row[k] for k in live)
            acc = merged.setdefault(key, {**{k: row[k] for k in live}, **dict.fromkeys(columns, 0)})
            for c in columns:
                acc[c] += row[c] or 0

    if split.rolled is not None:
        qs = rolled_verdicts(ReportVerdictDay, f, split.rolled).order_by()
        pivot: dict[str, Any] = {"total": Sum("verdicts")}
        pivot.update({f"r{r.pk}": Sum("verdicts", filter=Q(rating_id=r.pk)) for r in ratings})
        add(qs.values(**rolled).annotate(**pivot) if rolled else [qs.aggregate(**pivot)])
    if split.live:
        qs2 = (live_qs if live_qs is not None else published_in_period(f)).filter(live_days("published_at", split.live))
        qs2 = qs2.order_by()
        add(qs2.values(**live).annotate(**rating_pivot(ratings)) if live else [qs2.aggregate(**rating_pivot(ratings))])
    if not live and not merged:
        merged[()] = dict.fromkeys(columns, 0)
    return list(merged.values())


def top_verdict_groups(
    f: ReportFilters,
    split: Split,
    ratings: Sequence[Rating],
    top: int,
    *,
    live: dict[str, Any],
    rolled: dict[str, Any],
    live_qs: QuerySet[Verdict] | None = None,
    grouped_only: bool = False,
) -> list[Row]:
    """The ``top`` groups of :func:`verdict_groups` (``group`` and ``name`` columns) in the order of
    :func:`top_groups`, added up, ordered and cut in the database: one query over the ``UNION ALL`` of
    the roll-up's rows and the live table's, so a year's thousands of speakers never reach Python.
    ``grouped_only`` leaves out the verdicts without a group (no speaker)."""
    columns = ["total", *(f"r{r.pk}" for r in ratings)]
    parts: list[QuerySet[Any]] = []
    if split.rolled is not None:
        pivot: dict[str, Any] = {"total": Sum("verdicts")}
        pivot.update({f"r{r.pk}": Sum("verdicts", filter=Q(rating_id=r.pk)) for r in ratings})
        parts.append(rolled_verdicts(ReportVerdictDay, f, split.rolled).order_by().values(**rolled).annotate(**pivot))
    if split.live:
        qs = (live_qs if live_qs is not None else published_in_period(f)).filter(live_days("published_at", split.live))
        parts.append(qs.order_by().values(**live).annotate(**rating_pivot(ratings)))
    compiled = [part.query.sql_with_params() for part in parts]
    union = " UNION ALL ".join(sql for sql, _ in compiled)
    params: list[Any] = [p for _, ps in compiled for p in ps]
    # The order top_groups gives: total, then name by code point with NULL names last on PostgreSQL
    # (first on SQLite, as each database sorts them), then the group with NULL last.
    if connection.vendor == "postgresql":
        by_name = '"name" COLLATE "C" NULLS LAST'
    else:
        by_name = '"name" NULLS FIRST'
    sums = ", ".join(f'CAST(COALESCE(SUM("{c}"), 0) AS BIGINT)' for c in columns)
    where = 'WHERE "group" IS NOT NULL' if grouped_only else ""
    sql = (
        f'SELECT "group", "name", {sums} FROM ({union}) u {where}'  # noqa: S608 - compiled SQL and column names only
        f' GROUP BY "group", "name" ORDER BY 3 DESC, {by_name}, "group" NULLS LAST LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, top])
        return [dict(zip(["group", "name", *columns], row, strict=True)) for row in cursor.fetchall()]


def top_groups(rows: list[Row], top: int, *, group: str = "group", name: str = "name") -> list[Row]:
    """The ``top`` groups by total, then name, as the database orders them (NULL names last on
    PostgreSQL, first on SQLite), then id so ties always come out the same."""
    nulls_last = connection.vendor == "postgresql"

    def key(row: Row) -> tuple[Any, ...]:
        missing = row[name] is None
        return (-row["total"], missing if nulls_last else not missing, row[name] or "", _orderable(row[group]))

    return sorted(rows, key=key)[:top]


def _orderable(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def timing_percentiles(
    f: ReportFilters, split: Split, duration: str, fractions: Sequence[float], *, by_author: bool = False
) -> Percentiles:
    """Percentiles of one of the verdicts' ``DURATIONS`` over the verdicts published in the period: the
    roll-up's stored durations for its days and the live verdicts' for the others, in one query."""
    group = "author_id" if by_author else None
    parts = []
    if split.rolled is not None:
        rolled = rolled_verdicts(ReportVerdictTiming, f, split.rolled)
        parts.append(value_rows(rolled, value=F(duration), group_by=group))
    if split.live:
        live = published_in_period(f).filter(live_days("published_at", split.live))
        parts.append(value_rows(live, value=SecondsBetween(*DURATIONS[duration]), group_by=group))
    return percentiles_of(parts, fractions=fractions, grouped=by_author)
