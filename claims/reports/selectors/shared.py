"""Reads for the editor reports. Every figure is aggregated in the database.

Each report runs a fixed number of grouped queries, whatever the size of the data: counts with
``Count(..., filter=Q(...))`` pivots (one column per rating), ``Trunc`` for periods, and
percentiles from :mod:`claims.reports.aggregates`. Python only reshapes the aggregated rows (a few
per group) into :class:`~claims.reports.tables.Table` objects, whose count cells link to the
claims behind them.

What the period means, per report:

* Verdicts, speakers, time to verdict: verdicts *published* in the period.
* Throughput: claims *created* (extracted) in the period, and audit events (taken, submitted,
  returned, published, dismissed) *recorded* in the period, counted as distinct claims.
* Reviewers: "in progress" and "awaiting review" are the desk's state now; published, returned
  and the median time are for the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Trunc
from django.urls import reverse

from claims.models import Article, Claim, Rating, ReviewEvent, Speaker, Verdict
from claims.reports.aggregates import SecondsBetween, percentiles
from claims.reports.filters import (
    EVENT_STEPS,
    ClaimsBehindForm,
    ReportFilters,
    bucket_end,
    bucket_label,
    day_after,
    day_start,
)
from claims.reports.tables import Cell, Column, Table, claims_link

HOUR = 3600.0
FRACTIONS = (0.5, 0.9)
TOP_GROUPS = 25


# --- shared pieces ------------------------------------------------------------------------------------

def active_ratings() -> list[Rating]:
    """The scale in its order; ratings no longer in use stay while verdicts carry them."""
    return list(Rating.objects.order_by("order", "id"))


def published_in_period(f: ReportFilters) -> QuerySet[Verdict]:
    """Verdicts published in the period, narrowed by every filter. Uses the published_at index."""
    qs = Verdict.objects.filter(status=Verdict.Status.PUBLISHED, published_at__gte=f.start, published_at__lt=f.end)
    if f.outlet:
        qs = qs.filter(claim__article__outlet_id=f.outlet)
    if f.speaker:
        qs = qs.filter(claim__speaker_id=f.speaker)
    if f.reviewer:
        qs = qs.filter(author_id=f.reviewer)
    if f.rating:
        qs = qs.filter(rating_id=f.rating)
    return qs


def _published_link_params(f: ReportFilters) -> dict[str, Any]:
    return {
        "verdict": Verdict.Status.PUBLISHED,
        "published_from": f.date_from.isoformat(),
        "published_to": f.date_to.isoformat(),
        "outlet": f.outlet,
        "speaker": f.speaker,
        "reviewer": f.reviewer,
        "rating": f.rating_slug,
    }


def _rating_pivot(ratings: Iterable[Rating]) -> dict[str, Count]:
    """One count column per rating, plus the total: a pivot in one grouped query."""
    columns: dict[str, Count] = {"total": Count("id")}
    columns.update({f"r{r.pk}": Count("id", filter=Q(rating_id=r.pk)) for r in ratings})
    return columns


def _pivot_table(
    *,
    key: str,
    title: str,
    label: str,
    rows: Iterable[dict[str, Any]],
    ratings: list[Rating],
    name_of: Callable[[dict[str, Any]], str],
    link: Callable[[dict[str, Any], Rating | None], str],
    label_link: Callable[[dict[str, Any]], str] | None = None,
    note: str = "",
) -> Table:
    table = Table(
        key=key,
        title=title,
        columns=[
            Column("label", label),
            *(Column(r.slug, r.name, numeric=True) for r in ratings),
            Column("total", "Total", numeric=True),
        ],
        note=note,
    )
    for row in rows:
        table.add(
            Cell(name_of(row), label_link(row) if label_link else ""),
            *(Cell(row[f"r{r.pk}"], link(row, r) if row[f"r{r.pk}"] else "") for r in ratings),
            Cell(row["total"], link(row, None)),
        )
    return table


def speaker_card_link(speaker_id: int | None, f: ReportFilters) -> str:
    if speaker_id is None:
        return ""
    params = {k: v for k, v in f.as_params().items() if k != "speaker"}
    return reverse("reports:speaker", args=[speaker_id]) + "?" + urlencode(params)


def _group_param(value: Any) -> Any:
    """A group's id as a link parameter: ``none`` for the claims without one."""
    return "none" if value is None else value


# --- Verdicts -----------------------------------------------------------------------------------------

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
    params = _published_link_params(f)

    def link(**extra: Any) -> str:
        return claims_link(**{**params, **extra})

    # By rating: a single row of the pivot, shown one rating per row.
    totals = base.order_by().aggregate(**_rating_pivot(ratings))
    by_rating = Table(
        key="by_rating",
        title="Verdicts by rating",
        columns=[Column("rating", "Rating"), Column("verdicts", "Verdicts", numeric=True),
                 Column("share", "Share (%)", numeric=True)],
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
        .annotate(**_rating_pivot(ratings))
    }
    empty = {"total": 0, **{f"r{r.pk}": 0 for r in ratings}}
    by_period = _pivot_table(
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
            .annotate(**_rating_pivot(ratings))
            .order_by(F("total").desc(), F("name").asc())[:top]
        )

    by_speaker = _pivot_table(
        key="by_speaker", title=f"Verdicts by speaker (top {top})", label="Speaker",
        rows=grouped("claim__speaker_id", "claim__speaker__name"), ratings=ratings,
        name_of=lambda row: row["name"] or "No speaker", label_link=lambda row: speaker_card_link(row["group"], f),
        link=lambda row, r: link(speaker=_group_param(row["group"]), **({"rating": r.slug} if r else {})),
    )
    by_outlet = _pivot_table(
        key="by_outlet", title=f"Verdicts by outlet (top {top})", label="Outlet",
        rows=grouped("claim__article__outlet_id", "claim__article__outlet__name"), ratings=ratings,
        name_of=lambda row: row["name"] or "No outlet",
        link=lambda row, r: link(outlet=_group_param(row["group"]), **({"rating": r.slug} if r else {})),
    )
    kind_names = dict(Claim.Kind.choices)
    by_kind = _pivot_table(
        key="by_kind", title="Verdicts by claim kind", label="Kind",
        rows=grouped("claim__kind", "claim__kind"), ratings=ratings,
        name_of=lambda row: str(kind_names.get(row["group"], row["group"])),
        link=lambda row, r: link(kind=row["group"], **({"rating": r.slug} if r else {})),
    )
    return VerdictReport(ratings, by_rating, by_period, by_speaker, by_outlet, by_kind)


# --- Throughput ---------------------------------------------------------------------------------------

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


def _claim_scope(qs: QuerySet[Any], f: ReportFilters, prefix: str = "") -> QuerySet[Any]:
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
        _claim_scope(Claim.objects.filter(created_at__gte=f.start, created_at__lt=f.end), f)
        .order_by()
        .values_list(Trunc("created_at", bucket, output_field=DateField()))
        .annotate(n=Count("id"))
    )
    all_actions = [a for actions in EVENT_STEPS.values() for a in actions]
    events = _claim_scope(
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
        columns=[Column("period", "Week starting" if bucket == "week" else bucket.title()),
                 *(Column(step, label, numeric=True) for step, label in STEP_LABELS.items())],
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
        columns=[Column("measure", "From → to"), Column("verdicts", "Verdicts", numeric=True),
                 Column("median_hours", "Median (hours)", numeric=True),
                 Column("p90_hours", "90th percentile (hours)", numeric=True)],
        note="Submission is the last one: a returned verdict's clock restarts when it is sent again.",
    )
    count = published.count()
    for label, value in (
        ("Claim extracted → verdict published", SecondsBetween("published_at", "claim__created_at")),
        ("Verdict submitted → approved", SecondsBetween("published_at", "submitted_at")),
    ):
        p = percentiles(published, value=value, fractions=FRACTIONS).get(None, [None, None])
        timing.add(Cell(label), Cell(count, claims_link(**_published_link_params(f)) if count else ""),
                   *(Cell(None if s is None else s / HOUR) for s in p))

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
        columns=[Column("returned", "Returns", numeric=True), Column("approved", "Approvals", numeric=True),
                 Column("rate", "Returned (% of editor decisions)", numeric=True)],
        note="Every editor decision on a submitted verdict is an approval or a return.",
    )
    returns.add(
        Cell(decisions["returned"], claims_link(event="returned", event_from=lo, event_to=hi, **scope)),
        Cell(decisions["approved"], claims_link(event="published", event_from=lo, event_to=hi, **scope)),
        Cell(rate),
    )
    return ThroughputReport(per_period, timing, returns, rate)


# --- Reviewers ----------------------------------------------------------------------------------------

def reviewers_report(f: ReportFilters) -> Table:
    """Per reviewer: claims in progress and awaiting review now; published and returned in the period;
    median working time (taken → last submission) of the verdicts published in the period. Five queries.
    """
    claims = _claim_scope(Claim.objects.all(), f)
    in_progress = dict(
        claims.filter(status=Claim.Status.IN_PROGRESS, assignee__isnull=False).order_by()
        .values_list("assignee_id").annotate(n=Count("id"))
    )
    awaiting = dict(
        _claim_scope(Verdict.objects.filter(status=Verdict.Status.SUBMITTED), f, "claim__").order_by()
        .values_list("author_id").annotate(n=Count("id"))
    )
    published_qs = published_in_period(f)
    published = dict(published_qs.order_by().values_list("author_id").annotate(n=Count("id")))
    returned = dict(
        _claim_scope(
            ReviewEvent.objects.filter(action="verdict.returned", created_at__gte=f.start, created_at__lt=f.end),
            f, "claim__",
        ).order_by().values_list("claim__verdict__author_id").annotate(n=Count("id"))
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
        columns=[Column("reviewer", "Reviewer"), Column("in_progress", "In progress (now)", numeric=True),
                 Column("submitted", "Awaiting review (now)", numeric=True),
                 Column("published", "Published", numeric=True), Column("returned", "Returned", numeric=True),
                 Column("median_hours", "Median hours, taken → submitted", numeric=True)],
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
            Cell(n_published, claims_link(**{**_published_link_params(f), "reviewer": uid}) if n_published else ""),
            Cell(n_returned, claims_link(event="returned", event_from=lo, event_to=hi, reviewer=uid, **scope)
                 if n_returned else ""),
            Cell(None if median is None else median / HOUR),
        )
    return table


# --- Speakers -----------------------------------------------------------------------------------------

def speakers_report(f: ReportFilters, *, top: int = 100) -> Table:
    """The report card of the speakers with most verdicts published in the period. One query (+ ratings)."""
    ratings = active_ratings()
    params = _published_link_params(f)
    rows: Any = (
        published_in_period(f).filter(claim__speaker__isnull=False).order_by()
        .values(group=F("claim__speaker_id"), name=F("claim__speaker__name"))
        .annotate(**_rating_pivot(ratings))
        .order_by(F("total").desc(), F("name").asc())[:top]
    )
    table = _pivot_table(
        key="speakers", title=f"Speakers' report cards (top {top} by verdicts)", label="Speaker",
        rows=rows, ratings=ratings, name_of=lambda row: row["name"],
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
    params = _published_link_params(f)
    totals = published_in_period(f).order_by().aggregate(**_rating_pivot(report_ratings))
    ratings = Table(
        key="ratings", title=f"{speaker.name}: verdicts by rating",
        columns=[Column("rating", "Rating"), Column("verdicts", "Verdicts", numeric=True)],
    )
    for r in report_ratings:
        n = totals[f"r{r.pk}"]
        ratings.add(Cell(r.name), Cell(n, claims_link(**{**params, "rating": r.slug}) if n else ""))
    ratings.add(Cell("Total"), Cell(totals["total"], claims_link(**params) if totals["total"] else ""))
    by_status = dict(
        Claim.objects.filter(speaker=speaker).order_by().values_list("status").annotate(n=Count("id"))
    )
    claims_by_status = Table(
        key="claims_by_status", title=f"{speaker.name}: all claims by status",
        columns=[Column("status", "Status"), Column("claims", "Claims", numeric=True)],
    )
    for value, label in Claim.Status.choices:
        n = by_status.get(value, 0)
        claims_by_status.add(Cell(str(label)), Cell(n, claims_link(status=value, speaker=speaker.pk) if n else ""))
    verdicts = (
        published_in_period(f)
        .select_related("rating", "claim", "claim__article", "claim__article__outlet", "author")
        .order_by("-published_at", "-id")
    )
    return SpeakerCard(speaker, ratings, claims_by_status, verdicts)


# --- Article --------------------------------------------------------------------------------------------

@dataclass
class ArticleReport:
    article: Article
    claims: Table
    ratings: Table


def article_report(article: Article) -> ArticleReport:
    """One article's claims (in text order) with their verdicts, and its published verdicts by rating."""
    rows = (
        Claim.objects.filter(article=article)
        .select_related("speaker", "assignee", "verdict", "verdict__rating")
        .order_by("start", "id")
    )
    claims = Table(
        key="claims", title="Claims and verdicts",
        columns=[Column("claim", "Claim"), Column("speaker", "Speaker"), Column("kind", "Kind"),
                 Column("status", "Status"), Column("rating", "Rating"), Column("summary", "Verdict"),
                 Column("published", "Published")],
    )
    for claim in rows:
        verdict = getattr(claim, "verdict", None)
        shown = verdict if verdict is not None and verdict.status == Verdict.Status.PUBLISHED else None
        claims.add(
            Cell(claim.text, claims_link(article=article.pk, status=claim.status)),
            Cell(claim.speaker.name if claim.speaker else ""),
            Cell(claim.get_kind_display()),
            Cell(claim.get_status_display()),
            Cell(shown.rating.name if shown and shown.rating else ""),
            Cell(shown.summary if shown else ""),
            Cell(shown.published_at.date().isoformat() if shown and shown.published_at else ""),
        )
    counts = dict(
        Verdict.objects.filter(claim__article=article, status=Verdict.Status.PUBLISHED).order_by()
        .values_list("rating_id").annotate(n=Count("id"))
    )
    ratings = Table(
        key="ratings", title="Published verdicts by rating",
        columns=[Column("rating", "Rating"), Column("verdicts", "Verdicts", numeric=True)],
    )
    for r in active_ratings():
        n = counts.get(r.pk, 0)
        ratings.add(Cell(r.name), Cell(n, claims_link(article=article.pk, verdict="published", rating=r.slug)
                                       if n else ""))
    return ArticleReport(article, claims, ratings)


# --- The claims behind a figure ---------------------------------------------------------------------

def claims_behind(form: ClaimsBehindForm) -> QuerySet[Claim]:
    """Claims matching a figure's link, with everything a row shows joined (one query per page)."""
    d = form.cleaned_data
    qs = Claim.objects.select_related(
        "speaker", "assignee", "article", "article__outlet", "verdict", "verdict__rating", "verdict__author"
    )
    for name, lookup in (("status", "status"), ("kind", "kind"), ("article", "article_id"),
                         ("assignee", "assignee_id"), ("reviewer", "verdict__author_id"),
                         ("verdict", "verdict__status"), ("rating", "verdict__rating__slug")):
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
