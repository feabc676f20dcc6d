"""The speakers report and a speaker's card: who said what, and how it was rated."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Count, QuerySet

from claims.models import RESHAPED, Claim, Speaker, Verdict
from claims.reports.filters import (
    ReportFilters,
)
from claims.reports.selectors.shared import (
    GROUPINGS,
    active_ratings,
    coverage,
    day_split,
    pivot_table,
    published_in_period,
    published_link_params,
    speaker_card_link,
    top_verdict_groups,
    verdict_groups,
)
from claims.reports.tables import Cell, Column, Table, claims_link


def speakers_report(f: ReportFilters, *, top: int = 100) -> Table:
    """The report card of the speakers with most verdicts published in the period. One query on the
    roll-up, one on today's verdicts (+ ratings and the roll-up's state)."""
    ratings = active_ratings()
    params = published_link_params(f)
    rows = top_verdict_groups(
        f,
        day_split(f, coverage()),
        ratings,
        top,
        **GROUPINGS["speaker"],
        live_qs=published_in_period(f).filter(claim__speaker__isnull=False),
        grouped_only=True,
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
    # How many ``verdicts`` there are: the ratings table's total (roll-up and today's rows), so a page of
    # the list needs no count over the live verdicts.
    verdict_count: int


def speaker_card(speaker: Speaker, f: ReportFilters) -> SpeakerCard:
    """One speaker: verdicts by rating in the period, their claims by status, the verdicts themselves."""
    f = replace(f, speaker=speaker.pk)
    report_ratings = active_ratings()
    params = published_link_params(f)
    (totals,) = verdict_groups(f, day_split(f, coverage()), report_ratings, live={}, rolled={})
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
    return SpeakerCard(speaker, ratings, claims_by_status, verdicts, totals["total"])
