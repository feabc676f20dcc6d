"""The speakers report and a speaker's card: who said what, and how it was rated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, F, QuerySet

from claims.models import RESHAPED, Claim, Speaker, Verdict
from claims.reports.filters import (
    ReportFilters,
)
from claims.reports.selectors.shared import (
    active_ratings,
    pivot_table,
    published_in_period,
    published_link_params,
    rating_pivot,
    speaker_card_link,
)
from claims.reports.tables import Cell, Column, Table, claims_link


def speakers_report(f: ReportFilters, *, top: int = 100) -> Table:
    """The report card of the speakers with most verdicts published in the period. One query (+ ratings)."""
    ratings = active_ratings()
    params = published_link_params(f)
    rows: Any = (
        published_in_period(f)
        .filter(claim__speaker__isnull=False)
        .order_by()
        .values(group=F("claim__speaker_id"), name=F("claim__speaker__name"))
        .annotate(**rating_pivot(ratings))
        .order_by(F("total").desc(), F("name").asc())[:top]
    )
    table = pivot_table(
        key="speakers",
        title=f"Speakers' report cards (top {top} by verdicts)",
        label="Speaker",
        rows=rows,
        ratings=ratings,
        name_of=lambda row: row["name"],
        label_link=lambda row: speaker_card_link(row["group"], f),
        link=lambda row, r: claims_link(**{**params, "speaker": row["group"], **({"rating": r.slug} if r else {})}),
    )
    return table


@dataclass
class SpeakerCard:
    speaker: Speaker
    ratings: Table
    claims_by_status: Table
    verdicts: QuerySet[Verdict]


def speaker_card(speaker: Speaker, f: ReportFilters) -> SpeakerCard:
    """One speaker: verdicts by rating in the period, their claims by status, the verdicts themselves."""
    f = replace(f, speaker=speaker.pk)
    report_ratings = active_ratings()
    params = published_link_params(f)
    totals = published_in_period(f).order_by().aggregate(**rating_pivot(report_ratings))
    ratings = Table(
        key="ratings",
        title=f"{speaker.name}: verdicts by rating",
        columns=[Column("rating", "Rating"), Column("verdicts", "Verdicts", numeric=True)],
    )
    for r in report_ratings:
        n = totals[f"r{r.pk}"]
        ratings.add(Cell(r.name), Cell(n, claims_link(**{**params, "rating": r.slug}) if n else ""))
    ratings.add(Cell("Total"), Cell(totals["total"], claims_link(**params) if totals["total"] else ""))
    by_status = dict(Claim.objects.filter(speaker=speaker).order_by().values_list("status").annotate(n=Count("id")))
    claims_by_status = Table(
        key="claims_by_status",
        title=f"{speaker.name}: all claims by status",
        columns=[Column("status", "Status"), Column("claims", "Claims", numeric=True)],
    )
    for value, label in Claim.Status.choices:
        if value in RESHAPED:
            continue  # a split or merged claim is counted as its parts or its survivor
        n = by_status.get(value, 0)
        claims_by_status.add(Cell(str(label)), Cell(n, claims_link(status=value, speaker=speaker.pk) if n else ""))
    verdicts = (
        published_in_period(f)
        .select_related("rating", "claim", "claim__article", "claim__article__outlet", "author")
        .order_by("-published_at", "-id")
    )
    return SpeakerCard(speaker, ratings, claims_by_status, verdicts)
