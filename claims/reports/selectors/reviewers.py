"""The reviewers report: each reviewer's desk now and their published and returned verdicts in the period."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum

from claims.models import Claim, Verdict
from claims.reports.filters import EVENT_STEPS, ReportFilters
from claims.reports.selectors.shared import (
    GROUPINGS,
    HOUR,
    coverage,
    day_split,
    published_link_params,
    timing_percentiles,
    verdict_groups,
)
from claims.reports.selectors.throughput import claim_scope, live_events, rolled_steps, step_split
from claims.reports.tables import Cell, Column, Table, claims_link, counts_table


def reviewers_report(f: ReportFilters) -> Table:
    """Per reviewer: claims in progress and awaiting review now; published and returned in the period;
    median working time (taken → last submission) of the verdicts published in the period. Published
    and returned are one query on the roll-up and one on the live tables each.
    """
    claims = claim_scope(Claim.objects.all(), f)
    in_progress = dict(
        claims.filter(status=Claim.Status.IN_PROGRESS, assignee__isnull=False)
        .order_by()
        .values_list("assignee_id")
        .annotate(n=Count("id"))
    )
    awaiting = dict(
        claim_scope(Verdict.objects.filter(status=Verdict.Status.SUBMITTED), f, "claim__")
        .order_by()
        .values_list("author_id")
        .annotate(n=Count("id"))
    )
    held = coverage()
    days = day_split(f, held)
    published = {
        row["group"]: row["total"] for row in verdict_groups(f, days, [], **GROUPINGS["author"]) if row["total"]
    }
    returned: dict[int | None, int] = defaultdict(int)
    split = step_split(f, held)
    if split.rolled is not None:
        for author, n in (
            rolled_steps(f, split).filter(step="returned").values_list("author_id").annotate(n=Sum("events"))
        ):
            returned[author] += n
    if split.live:
        for author, n in (
            live_events(f, split, EVENT_STEPS["returned"])
            .values_list("claim__verdict__author_id")
            .annotate(n=Count("id"))
        ):
            returned[author] += n
    working = timing_percentiles(f, days, "working", (0.5,), by_author=True)
    ids = {i for i in (*in_progress, *awaiting, *published, *returned) if i is not None}
    if f.reviewer:
        ids &= {f.reviewer}
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    table = counts_table(
        "reviewers",
        "Reviewers",
        Column("reviewer", "Reviewer"),
        {
            "in_progress": "In progress (now)",
            "submitted": "Awaiting review (now)",
            "published": "Published",
            "returned": "Returned",
            "median_hours": "Median hours, taken → submitted",
        },
        note="Published, returned and the median are for the period; the first two columns are today's desk.",
    )
    scope = {"outlet": f.outlet, "speaker": f.speaker}
    lo, hi = f.date_from.isoformat(), f.date_to.isoformat()
    rows = sorted(users, key=lambda u: (-published.get(u.pk, 0), u.get_username()))
    for user in rows:
        uid = user.pk
        median = working.get(uid, [None])[0]
        n_progress, n_awaiting = in_progress.get(uid, 0), awaiting.get(uid, 0)
        n_published, n_returned = published.get(uid, 0), returned.get(uid, 0)
        table.add(
            Cell(user.get_full_name() or user.get_username()),
            Cell(n_progress, claims_link(status="in_progress", assignee=uid, **scope) if n_progress else ""),
            Cell(n_awaiting, claims_link(verdict="submitted", reviewer=uid, **scope) if n_awaiting else ""),
            Cell(n_published, claims_link(**{**published_link_params(f), "reviewer": uid}) if n_published else ""),
            Cell(
                n_returned,
                claims_link(event="returned", event_from=lo, event_to=hi, reviewer=uid, **scope) if n_returned else "",
            ),
            Cell(None if median is None else median / HOUR),
        )
    return table
