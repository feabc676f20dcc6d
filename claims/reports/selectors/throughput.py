"""The throughput report: claims extracted, taken, submitted, returned, published and dismissed per
period, and the time to verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, DateField, F, QuerySet, Sum
from django.db.models.functions import Trunc

from claims.models import Claim, ReportStepDay
from claims.reports.filters import (
    EVENT_STEPS,
    ReportFilters,
    bucket_end,
    bucket_label,
)
from claims.reports.selectors.shared import (
    FRACTIONS,
    HOUR,
    Split,
    bucket_split,
    coverage,
    day_split,
    live_days,
    published_link_params,
    rolled_bucket,
    timing_percentiles,
    verdict_groups,
)
from claims.reports.tables import Cell, Column, Table, claims_link, counts_table
from claims.services.report_rollup import EXTRACTED, STEP_ACTIONS, Coverage, step_case
from factcheck.models import ReviewEvent
from factcheck.querysets import narrow

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


def step_split(f: ReportFilters, held: Coverage | None) -> Split:
    """The throughput's split: whole buckets from the roll-up, which has no speaker column (a speaker's
    claims are few: with that filter the live tables are read)."""
    return bucket_split(f, None if f.speaker else held)


def rolled_steps(f: ReportFilters, split: Split) -> QuerySet[ReportStepDay]:
    assert split.rolled is not None
    lo, hi = split.rolled
    return narrow(ReportStepDay.objects.filter(day__gte=lo, day__lte=hi), outlet_id=f.outlet).order_by()


def live_events(f: ReportFilters, split: Split, actions: Iterable[str]) -> QuerySet[ReviewEvent]:
    return claim_scope(
        ReviewEvent.objects.filter(created_at__gte=f.start, created_at__lt=f.end, action__in=list(actions)).filter(
            live_days("created_at", split.live)
        ),
        f,
        "claim__",
    ).order_by()


def throughput_report(f: ReportFilters) -> ThroughputReport:
    """Claims through each step per period; time to verdict; returned rate. Each count is one query on
    the roll-up (whole past buckets) and one on the live tables (today, and buckets the period cuts);
    the time to verdict too (the roll-up keeps each verdict's durations: percentiles do not add up).

    The reviewer and rating filters do not apply to the per-period counts (a claim's reviewer
    and rating are not known when it is extracted); they do apply to the time to verdict.
    """
    bucket = f.bucket
    held = coverage()
    split = step_split(f, held)
    extracted: dict[date, int] = defaultdict(int)
    stepped: dict[tuple[date, str], int] = defaultdict(int)
    decisions = {"returned": 0, "approved": 0}
    if split.rolled is not None:
        rolled = rolled_steps(f, split)
        distinct = {"day": "claims_day", "week": "claims_week", "month": "claims_month"}[bucket]
        for row in rolled.values(period=rolled_bucket(bucket), s=F("step")).annotate(
            n=Sum("events"), claims=Sum(distinct)
        ):
            if row["s"] == EXTRACTED:
                extracted[row["period"]] += row["n"]
            else:
                stepped[(row["period"], row["s"])] += row["claims"]
                if row["s"] in ("returned", "published"):
                    decisions["returned" if row["s"] == "returned" else "approved"] += row["n"]
    if split.live:
        for period, n in (
            claim_scope(Claim.objects.filter(created_at__gte=f.start, created_at__lt=f.end), f)
            .filter(live_days("created_at", split.live))
            .order_by()
            .values_list(Trunc("created_at", bucket, output_field=DateField()))
            .annotate(n=Count("id"))
        ):
            extracted[period] += n
        for live in (
            live_events(f, split, STEP_ACTIONS)
            .values(period=Trunc("created_at", bucket, output_field=DateField()), step=step_case())
            .annotate(n=Count("claim_id", distinct=True), events=Count("id"))
        ):
            stepped[(live["period"], live["step"])] += live["n"]
            if live["step"] in ("returned", "published"):
                decisions["returned" if live["step"] == "returned" else "approved"] += live["events"]
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

    days = day_split(f, held)
    timing = counts_table(
        "timing",
        "Time to verdict (verdicts published in the period)",
        Column("measure", "From → to"),
        {"verdicts": "Verdicts", "median_hours": "Median (hours)", "p90_hours": "90th percentile (hours)"},
        note="Submission is the last one: a returned verdict's clock restarts when it is sent again.",
    )
    count = verdict_groups(f, days, [], live={}, rolled={})[0]["total"]
    for label, duration in (
        ("Claim extracted → verdict published", "to_verdict"),
        ("Verdict submitted → approved", "review"),
    ):
        p = timing_percentiles(f, days, duration, FRACTIONS).get(None, [None, None])
        timing.add(
            Cell(label),
            Cell(count, claims_link(**published_link_params(f)) if count else ""),
            *(Cell(None if s is None else s / HOUR) for s in p),
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
