"""The verdicts report: published verdicts by rating, per speaker, outlet, period or reviewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, QuerySet
from django.db.models.functions import Trunc

from claims.models import Claim, Rating, Verdict
from claims.reports.filters import (
    ReportFilters,
    bucket_end,
    bucket_label,
)
from claims.reports.selectors.shared import (
    GROUPINGS,
    TOP_GROUPS,
    active_ratings,
    coverage,
    day_split,
    group_param,
    pivot_table,
    published_in_period,
    published_link_params,
    rolled_bucket,
    speaker_card_link,
    top_groups,
    verdict_groups,
)
from claims.reports.tables import Cell, Column, Table, claims_link, counts_table
from claims.selectors.verdicts import published_verdicts


@dataclass
class VerdictReport:
    ratings: list[Rating]
    by_rating: Table
    by_period: Table
    by_speaker: Table
    by_outlet: Table
    by_kind: Table

    @property
    def tables(self) -> list[Table]:
        return [self.by_rating, self.by_period, self.by_speaker, self.by_outlet, self.by_kind]


def verdict_report(f: ReportFilters, *, top: int = TOP_GROUPS) -> VerdictReport:
    """Published verdicts by rating, period, speaker, outlet and claim kind. Five groupings, each one
    query on the roll-up (whole past days) and one on the live table (today), plus the roll-up's state."""
    ratings = active_ratings()
    split = day_split(f, coverage())
    params = published_link_params(f)

    def link(**extra: Any) -> str:
        return claims_link(**{**params, **extra})

    # By rating: a single row of the pivot, shown one rating per row.
    (totals,) = verdict_groups(f, split, ratings, live={}, rolled={})
    by_rating = counts_table(
        "by_rating", "Verdicts by rating", Column("rating", "Rating"), {"verdicts": "Verdicts", "share": "Share (%)"}
    )
    for r in ratings:
        count = totals[f"r{r.pk}"]
        share = 100.0 * count / totals["total"] if totals["total"] else None
        by_rating.add(Cell(r.name), Cell(count, link(rating=r.slug) if count else ""), Cell(share))
    by_rating.add(Cell("Total"), Cell(totals["total"], link()), Cell(100.0 if totals["total"] else None))

    bucket = f.bucket
    period_rows = {
        row["period"]: row
        for row in verdict_groups(
            f,
            split,
            ratings,
            live={"period": Trunc("published_at", bucket, output_field=DateField())},
            rolled={"period": rolled_bucket(bucket)},
        )
    }
    empty = {"total": 0, **{f"r{r.pk}": 0 for r in ratings}}
    by_period = pivot_table(
        key="by_period",
        title=f"Verdicts per {bucket}",
        label="Week starting" if bucket == "week" else bucket.title(),
        rows=[{**empty, **period_rows.get(start, {}), "period": start} for start in f.buckets()],
        ratings=ratings,
        name_of=lambda row: bucket_label(row["period"], bucket),
        link=lambda row, r: link(
            published_from=max(row["period"], f.date_from).isoformat(),
            published_to=min(bucket_end(row["period"], bucket), f.date_to).isoformat(),
            **({"rating": r.slug} if r else {}),
        ),
    )

    def grouped(dimension: str, key: str, title: str, nobody: str, **more: Any) -> Table:
        """The top groups of one dimension (``speaker``, ``outlet``, ``kind``) as a rating pivot."""
        rows = top_groups(verdict_groups(f, split, ratings, **GROUPINGS[dimension]), top)
        return pivot_table(
            key=key,
            title=title,
            label=dimension.title(),
            rows=rows,
            ratings=ratings,
            name_of=lambda row: row["name"] or nobody,
            link=lambda row, r: link(**{dimension: group_param(row["group"])}, **({"rating": r.slug} if r else {})),
            **more,
        )

    by_speaker = grouped(
        "speaker",
        "by_speaker",
        f"Verdicts by speaker (top {top})",
        "No speaker",
        label_link=lambda row: speaker_card_link(row["group"], f),
    )
    by_outlet = grouped("outlet", "by_outlet", f"Verdicts by outlet (top {top})", "No outlet")
    kind_names = dict(Claim.Kind.choices)
    kinds = verdict_groups(f, split, ratings, **GROUPINGS["kind"])
    by_kind = pivot_table(
        key="by_kind",
        title="Verdicts by claim kind",
        label="Kind",
        rows=top_groups(kinds, top),
        ratings=ratings,
        name_of=lambda row: str(kind_names.get(row["group"], row["group"])),
        link=lambda row, r: link(kind=row["group"], **({"rating": r.slug} if r else {})),
    )
    return VerdictReport(ratings, by_rating, by_period, by_speaker, by_outlet, by_kind)


def claimreview_verdicts(f: ReportFilters) -> QuerySet[Verdict]:
    """The verdicts of the ClaimReview feed: published in the period, narrowed by every filter."""
    return published_verdicts().filter(pk__in=published_in_period(f).values("pk"))
