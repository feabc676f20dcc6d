"""The claims behind a figure: what a count cell of any report links to."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim, Verdict
from claims.reports.filters import (
    EVENT_STEPS,
    ClaimsBehindForm,
    day_after,
    day_start,
)
from factcheck.models import ReviewEvent


def claims_behind(form: ClaimsBehindForm) -> QuerySet[Claim]:
    """Claims matching a figure's link, with everything a row shows joined (one query per page)."""
    d = form.cleaned_data
    qs = Claim.objects.select_related(
        "speaker", "assignee", "article", "article__outlet", "verdict", "verdict__rating", "verdict__author"
    )
    for name, lookup in (
        ("status", "status"),
        ("kind", "kind"),
        ("article", "article_id"),
        ("assignee", "assignee_id"),
        ("reviewer", "verdict__author_id"),
        ("verdict", "verdict__status"),
        ("rating", "verdict__rating__slug"),
    ):
        if d.get(name):
            qs = qs.filter(**{lookup: d[name]})
    for name, lookup in (("speaker", "speaker_id"), ("outlet", "article__outlet_id")):
        if d.get(name) == "none":
            qs = qs.filter(**{f"{lookup}__isnull": True})
        elif d.get(name):
            qs = qs.filter(**{lookup: int(d[name])})
    for field, lookup in (("published", "verdict__published_at"), ("created", "created_at")):
        if d.get(f"{field}_from"):
            qs = qs.filter(**{f"{lookup}__gte": day_start(d[f"{field}_from"])})
        if d.get(f"{field}_to"):
            qs = qs.filter(**{f"{lookup}__lt": day_after(d[f"{field}_to"])})
    if d.get("event"):
        events = ReviewEvent.objects.filter(action__in=EVENT_STEPS[d["event"]])
        if d.get("event_from"):
            events = events.filter(created_at__gte=day_start(d["event_from"]))
        if d.get("event_to"):
            events = events.filter(created_at__lt=day_after(d["event_to"]))
        qs = qs.filter(pk__in=events.values("claim_id"))
    if d.get("verdict") == Verdict.Status.PUBLISHED or d.get("published_from") or d.get("published_to"):
        return qs.order_by("-verdict__published_at", "-id")
    return qs.order_by("-created_at", "-id")
