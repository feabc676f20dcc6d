"""The verdicts report: published verdicts by rating, per speaker, outlet, period or reviewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Trunc

from claims.models import Claim, Rating, Verdict
from claims.reports.filters import (
    ReportFilters,
    bucket_end,
    bucket_label,
)
from claims.reports.selectors.shared import (
    TOP_GROUPS,
    active_ratings,
    group_param,
    pivot_table,
    published_in_period,
    published_link_params,
    rating_pivot,
    speaker_card_link,
)
from claims.reports.tables import Cell, Column, Table, claims_link
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
    """Published verdicts by rating, period, speaker, outlet and claim kind. Six queries."""
    ratings = active_ratings()
    base = published_in_period(f)
    params = published_link_params(f)

    def link(**extra: Any) -> str:
        return claims_link(**{**params, **extra})

    # By rating: a single row of the pivot, shown one rating per row.
    totals = base.order_by().aggregate(**rating_pivot(ratings))
    by_rating = Table(
        key="by_rating",
        title="Verdicts by rating",
        columns=[
            Column("rating", "Rating"),
            Column("verdicts", "Verdicts", numeric=True),
            Column("share", "Share (%)", numeric=True),
        ],
    )
    for r in ratings:
        count = totals[f"r{r.pk}"]
        share = 100.0 * count / totals["total"] if totals["total"] else None
        by_rating.add(Cell(r.name), Cell(count, link(rating=r.slug) if count else ""), Cell(share))
    by_rating.add(Cell("Total"), Cell(totals["total"], link()), Cell(100.0 if totals["total"] else None))

    bucket = f.bucket
    period_rows = {
        row["period"]: row
        for row in base.order_by()
        .values(period=Trunc("published_at", bucket, output_field=DateField()))
        .annotate(**rating_pivot(ratings))
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

    def grouped(field: str, name_field: str) -> Any:  # rows of dicts (the stubs cannot type annotated values)
        return (
            base.order_by()
            .values(group=F(field), name=F(name_field))
            .annotate(**rating_pivot(ratings))
            .order_by(F("total").desc(), F("name").asc())[:top]
        )

    by_speaker = pivot_table(
        key="by_speaker",
        title=f"Verdicts by speaker (top {top})",
        label="Speaker",
        rows=grouped("claim__speaker_id", "claim__speaker__name"),
        ratings=ratings,
        name_of=lambda row: row["name"] or "No speaker",
        label_link=lambda row: speaker_card_link(row["group"], f),
        link=lambda row, r: link(speaker=group_param(row["group"]), **({"rating": r.slug} if r else {})),
    )
    by_outlet = pivot_table(
        key="by_outlet",
        title=f"Verdicts by outlet (top {top})",
        label="Outlet",
        rows=grouped("claim__article__outlet_id", "claim__article__outlet__name"),
        ratings=ratings,
        name_of=lambda row: row["name"] or "No outlet",
        link=lambda row, r: link(outlet=group_param(row["group"]), **({"rating": r.slug} if r else {})),
    )
    kind_names = dict(Claim.Kind.choices)
    by_kind = pivot_table(
        key="by_kind",
        title="Verdicts by claim kind",
        label="Kind",
        rows=grouped("claim__kind", "claim__kind"),
        ratings=ratings,
        name_of=lambda row: str(kind_names.get(row["group"], row["group"])),
        link=lambda row, r: link(kind=row["group"], **({"rating": r.slug} if r else {})),
    )
    return VerdictReport(ratings, by_rating, by_period, by_speaker, by_outlet, by_kind)


def claimreview_verdicts(f: ReportFilters) -> QuerySet[Verdict]:
    """The verdicts of the ClaimReview feed: published in the period, narrowed by every filter."""
    return published_verdicts().filter(pk__in=published_in_period(f).values("pk"))
