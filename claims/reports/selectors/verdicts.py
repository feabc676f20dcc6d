"""The verdicts report: published verdicts by rating, per speaker, outlet, period or reviewer."""

from __future__ import annotations

from functools import cached_property
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
    top_verdict_groups,
    verdict_groups,
)
from claims.reports.tables import Cell, Column, Table, claims_link, counts_table
from claims.selectors.verdicts import published_verdicts


class VerdictReport:
    """Published verdicts by rating, period, speaker, outlet and claim kind. Each table is built when it
    is first read (one query on the roll-up for whole past days and one on the live table for today),
    so a CSV export of one table runs only that table's queries; the ratings and the roll-up's state are
    read up front."""

    KEYS = ("by_rating", "by_period", "by_speaker", "by_outlet", "by_kind")

    def __init__(self, f: ReportFilters, *, top: int = TOP_GROUPS) -> None:
        self.f, self.top = f, top
        self.ratings: list[Rating] = active_ratings()
        self.split = day_split(f, coverage())
        self.params = published_link_params(f)

    @property
    def tables(self) -> list[Table]:
        return [self.table(key) for key in self.KEYS]

    def table(self, key: str) -> Table:
        """One of the tables by its key (one of ``KEYS``)."""
        if key not in self.KEYS:
            raise KeyError(key)
        table: Table = getattr(self, key)
        return table

    def link(self, **extra: Any) -> str:
        return claims_link(**{**self.params, **extra})

    @cached_property
    def by_rating(self) -> Table:
        """A single row of the pivot, shown one rating per row."""
        (totals,) = verdict_groups(self.f, self.split, self.ratings, live={}, rolled={})
        by_rating = counts_table(
            "by_rating",
            "Verdicts by rating",
            Column("rating", "Rating"),
            {"verdicts": "Verdicts", "share": "Share (%)"},
        )
        for r in self.ratings:
            count = totals[f"r{r.pk}"]
            share = 100.0 * count / totals["total"] if totals["total"] else None
            by_rating.add(Cell(r.name), Cell(count, self.link(rating=r.slug) if count else ""), Cell(share))
        by_rating.add(Cell("Total"), Cell(totals["total"], self.link()), Cell(100.0 if totals["total"] else None))
        return by_rating

    @cached_property
    def by_period(self) -> Table:
        f, ratings, bucket = self.f, self.ratings, self.f.bucket
        period_rows = {
            row["period"]: row
            for row in verdict_groups(
                f,
                self.split,
                ratings,
                live={"period": Trunc("published_at", bucket, output_field=DateField())},
                rolled={"period": rolled_bucket(bucket)},
            )
        }
        empty = {"total": 0, **{f"r{r.pk}": 0 for r in ratings}}
        return pivot_table(
            key="by_period",
            title=f"Verdicts per {bucket}",
            label="Week starting" if bucket == "week" else bucket.title(),
            rows=[{**empty, **period_rows.get(start, {}), "period": start} for start in f.buckets()],
            ratings=ratings,
            name_of=lambda row: bucket_label(row["period"], bucket),
            link=lambda row, r: self.link(
                published_from=max(row["period"], f.date_from).isoformat(),
                published_to=min(bucket_end(row["period"], bucket), f.date_to).isoformat(),
                **({"rating": r.slug} if r else {}),
            ),
        )

    def _grouped(self, dimension: str, key: str, title: str, nobody: str, **more: Any) -> Table:
        """The top groups of one dimension (``speaker``, ``outlet``) as a rating pivot."""
        rows = top_verdict_groups(self.f, self.split, self.ratings, self.top, **GROUPINGS[dimension])
        return pivot_table(
            key=key,
            title=title,
            label=dimension.title(),
            rows=rows,
            ratings=self.ratings,
            name_of=lambda row: row["name"] or nobody,
            link=lambda row, r: self.link(
                **{dimension: group_param(row["group"])}, **({"rating": r.slug} if r else {})
            ),
            **more,
        )

    @cached_property
    def by_speaker(self) -> Table:
        return self._grouped(
            "speaker",
            "by_speaker",
            f"Verdicts by speaker (top {self.top})",
            "No speaker",
            label_link=lambda row: speaker_card_link(row["group"], self.f),
        )

    @cached_property
    def by_outlet(self) -> Table:
        return self._grouped("outlet", "by_outlet", f"Verdicts by outlet (top {self.top})", "No outlet")

    @cached_property
    def by_kind(self) -> Table:
        kind_names = dict(Claim.Kind.choices)
        kinds = verdict_groups(self.f, self.split, self.ratings, **GROUPINGS["kind"])
        return pivot_table(
            key="by_kind",
            title="Verdicts by claim kind",
            label="Kind",
            rows=top_groups(kinds, self.top),
            ratings=self.ratings,
            name_of=lambda row: str(kind_names.get(row["group"], row["group"])),
            link=lambda row, r: self.link(kind=row["group"], **({"rating": r.slug} if r else {})),
        )


def verdict_report(f: ReportFilters, *, top: int = TOP_GROUPS) -> VerdictReport:
    """Published verdicts by rating, period, speaker, outlet and claim kind (built table by table as read)."""
    return VerdictReport(f, top=top)


def claimreview_verdicts(f: ReportFilters) -> QuerySet[Verdict]:
    """The verdicts of the ClaimReview feed: published in the period, narrowed by every filter."""
    return published_verdicts().filter(pk__in=published_in_period(f).values("pk"))
