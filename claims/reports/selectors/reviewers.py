"""The reviewers report: each reviewer's desk now and their published and returned verdicts in the period."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count

from claims.models import Claim, Verdict
from claims.reports.aggregates import SecondsBetween, percentiles
from claims.reports.filters import (
    ReportFilters,
)
from claims.reports.selectors.shared import HOUR, published_in_period, published_link_params
from claims.reports.selectors.throughput import claim_scope
from claims.reports.tables import Cell, Column, Table, claims_link
from factcheck.models import ReviewEvent


def reviewers_report(f: ReportFilters) -> Table:
    """Per reviewer: claims in progress and awaiting review now; published and returned in the period;
    median working time (taken → last submission) of the verdicts published in the period. Five queries.
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
    published_qs = published_in_period(f)
    published = dict(published_qs.order_by().values_list("author_id").annotate(n=Count("id")))
    returned = dict(
        claim_scope(
            ReviewEvent.objects.filter(action="verdict.returned", created_at__gte=f.start, created_at__lt=f.end),
            f,
            "claim__",
        )
        .order_by()
        .values_list("claim__verdict__author_id")
        .annotate(n=Count("id"))
    )
    working = percentiles(
        published_qs, value=SecondsBetween("submitted_at", "claim__assigned_at"), fractions=(0.5,), group_by="author_id"
    )
    ids = {i for i in (*in_progress, *awaiting, *published, *returned) if i is not None}
    if f.reviewer:
        ids &= {f.reviewer}
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    table = Table(
        key="reviewers",
        title="Reviewers",
        columns=[
            Column("reviewer", "Reviewer"),
            Column("in_progress", "In progress (now)", numeric=True),
            Column("submitted", "Awaiting review (now)", numeric=True),
            Column("published", "Published", numeric=True),
            Column("returned", "Returned", numeric=True),
            Column("median_hours", "Median hours, taken → submitted", numeric=True),
        ],
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
