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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from claims.models import Rating, Verdict
from claims.reports.filters import (
    ReportFilters,
)
from claims.reports.tables import Cell, Column, Table
from claims.selectors.catalog import ratings_in_order
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
