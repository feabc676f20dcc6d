"""The throughput report: claims extracted, taken, submitted, returned, published and dismissed per
period, and the time to verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, DateField, Q, QuerySet, Value, When
from django.db.models.functions import Trunc

from claims.models import Claim
from claims.reports.aggregates import SecondsBetween, percentiles
from claims.reports.filters import (
    EVENT_STEPS,
    ReportFilters,
    bucket_end,
    bucket_label,
)
from claims.reports.selectors.shared import FRACTIONS, HOUR, published_in_period, published_link_params
from claims.reports.tables import Cell, Column, Table, claims_link
from factcheck.models import ReviewEvent

STEP_LABELS = {
    "extracted": "Extracted",
    "taken": "Taken",
    "submitted": "Submitted",
    "returned": "Returned",
    "published": "Published",
    "dismissed": "Dismissed",
}


@dataclass
class ThroughputReport:
    per_period: Table
    timing: Table
    returns: Table
    returned_rate: float | None

    @property
    def tables(self) -> list[Table]:
        return [self.per_period, self.timing, self.returns]


def claim_scope(qs: QuerySet[Any], f: ReportFilters, prefix: str = "") -> QuerySet[Any]:
    if f.outlet:
        qs = qs.filter(**{f"{prefix}article__outlet_id": f.outlet})
    if f.speaker:
        qs = qs.filter(**{f"{prefix}speaker_id": f.speaker})
    return qs


def _step_case() -> Case:
    return Case(
        *(When(action__in=actions, then=Value(step)) for step, actions in EVENT_STEPS.items()),
        output_field=CharField(),
    )


def throughput_report(f: ReportFilters) -> ThroughputReport:
    """Claims through each step per period; time to verdict; returned rate. Five queries.

    The reviewer and rating filters do not apply to the per-period counts (a claim's reviewer
    and rating are not known when it is extracted); they do apply to the time to verdict.
    """
    bucket = f.bucket
    extracted = dict(
        claim_scope(Claim.objects.filter(created_at__gte=f.start, created_at__lt=f.end), f)
        .order_by()
        .values_list(Trunc("created_at", bucket, output_field=DateField()))
        .annotate(n=Count("id"))
    )
    all_actions = [a for actions in EVENT_STEPS.values() for a in actions]
    events = claim_scope(
        ReviewEvent.objects.filter(created_at__gte=f.start, created_at__lt=f.end, action__in=all_actions), f, "claim__"
    )
    stepped: dict[tuple[date, str], int] = {
        (row["period"], row["step"]): row["n"]
        for row in events.order_by()
        .values(period=Trunc("created_at", bucket, output_field=DateField()), step=_step_case())
        .annotate(n=Count("claim_id", distinct=True))
    }
    scope = {"outlet": f.outlet, "speaker": f.speaker}
    per_period = Table(
        key="per_period",
        title=f"Claims through the desk per {bucket}",
        columns=[
            Column("period", "Week starting" if bucket == "week" else bucket.title()),
            *(Column(step, label, numeric=True) for step, label in STEP_LABELS.items()),
        ],
        note="Distinct claims per step; a claim returned and resubmitted in one period counts once per step.",
    )
    for start in f.buckets():
        lo, hi = max(start, f.date_from).isoformat(), min(bucket_end(start, bucket), f.date_to).isoformat()
        cells = [Cell(bucket_label(start, bucket))]
        n = extracted.get(start, 0)
        cells.append(Cell(n, claims_link(created_from=lo, created_to=hi, **scope) if n else ""))
        for step in EVENT_STEPS:
            n = stepped.get((start, step), 0)
            cells.append(Cell(n, claims_link(event=step, event_from=lo, event_to=hi, **scope) if n else ""))
        per_period.add(*cells)

    published = published_in_period(f)
    timing = Table(
        key="timing",
        title="Time to verdict (verdicts published in the period)",
        columns=[
            Column("measure", "From → to"),
            Column("verdicts", "Verdicts", numeric=True),
            Column("median_hours", "Median (hours)", numeric=True),
            Column("p90_hours", "90th percentile (hours)", numeric=True),
        ],
        note="Submission is the last one: a returned verdict's clock restarts when it is sent again.",
    )
    count = published.count()
    for label, value in (
        ("Claim extracted → verdict published", SecondsBetween("published_at", "claim__created_at")),
        ("Verdict submitted → approved", SecondsBetween("published_at", "submitted_at")),
    ):
        p = percentiles(published, value=value, fractions=FRACTIONS).get(None, [None, None])
        timing.add(
            Cell(label),
            Cell(count, claims_link(**published_link_params(f)) if count else ""),
            *(Cell(None if s is None else s / HOUR) for s in p),
        )

    decisions = events.filter(action__in=("verdict.returned", "verdict.published")).aggregate(
        returned=Count("id", filter=Q(action="verdict.returned")),
        approved=Count("id", filter=Q(action="verdict.published")),
    )
    reviewed = decisions["returned"] + decisions["approved"]
    rate = 100.0 * decisions["returned"] / reviewed if reviewed else None
    lo, hi = f.date_from.isoformat(), f.date_to.isoformat()
    returns = Table(
        key="returns",
        title="Returned-verdict rate",
        columns=[
            Column("returned", "Returns", numeric=True),
            Column("approved", "Approvals", numeric=True),
            Column("rate", "Returned (% of editor decisions)", numeric=True),
        ],
        note="Every editor decision on a submitted verdict is an approval or a return.",
    )
    returns.add(
        Cell(decisions["returned"], claims_link(event="returned", event_from=lo, event_to=hi, **scope)),
        Cell(decisions["approved"], claims_link(event="published", event_from=lo, event_to=hi, **scope)),
        Cell(rate),
    )
    return ThroughputReport(per_period, timing, returns, rate)
