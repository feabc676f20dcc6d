"""The report roll-up: published verdicts and throughput steps per day, so reports over a year read a
few thousand narrow rows instead of every verdict and audit event.

What it holds (``claims.models.ReportVerdictDay`` and ``ReportStepDay``) is a pure function of the live
tables, recomputed a day range at a time by :func:`recompute_days` (delete the days' rows, insert them
again from the live tables, under one lock) — so it is idempotent, and two writers recomputing the
same day both leave the right rows. ``ReportRollupState`` says which days it holds (``since`` ≤ day <
``until``); the reports read those days from it and every other day (today, always) from the live
tables.

It is kept current three ways:

* :func:`event_recorded` is called by :func:`factcheck.audit.record_event` for every audit event, in
  the writer's transaction. An event of today that cannot change a past day (a claim taken, a verdict
  submitted or published: ``ROUTINE_ACTIONS``) costs nothing: today is read live. Any other event (a
  correction, a retraction, a claim edited, split, merged or deleted, an article's events, an author
  change, and any action this module does not know) has the past days it touches recomputed when the
  transaction commits.
* :func:`ensure_current` (each report calls it) rolls the days since ``until`` up to yesterday, so the
  day that ended at midnight moves from the live side to the roll-up.
* :func:`rebuild` (``manage.py rebuild_report_rollup [--since DATE]``) recomputes every day: after a
  change of ``TIME_ZONE``, a bulk load that bypassed the services (``generate_data``), or edits made in
  the database directly.
"""

from __future__ import annotations

import calendar
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import NotSupportedError, connection, transaction
from django.db.models import Case, CharField, Count, DateField, F, FloatField, Func, Min, Value, When
from django.db.models.functions import Trunc
from django.utils import timezone

from claims.models import Claim, ReportRollupState, ReportStepDay, ReportVerdictDay, ReportVerdictTiming, Verdict
from factcheck.models import ReviewEvent

# The audit actions behind each throughput step; "taken" counts a claim an editor assigned too.
EVENT_STEPS: dict[str, tuple[str, ...]] = {
    "taken": ("claim.taken", "claim.assigned"),
    "submitted": ("verdict.submitted",),
    "returned": ("verdict.returned",),
    "published": ("verdict.published",),
    "dismissed": ("claim.dismissed",),
}
STEP_ACTIONS = tuple(a for actions in EVENT_STEPS.values() for a in actions)
EXTRACTED = "extracted"

# Actions that change nothing the roll-up keeps for an earlier day: the event itself is today's (read
# live), and the claim's outlet, speaker and kind, its verdict's author and rating and its publication
# day stay as they were. ``verdict.saved`` is not here: it makes the saver the verdict's author.
ROUTINE_ACTIONS = frozenset(
    {
        "claim.taken",
        "claim.assigned",
        "claim.taken_over",
        "claim.released",
        "claim.priority_changed",
        "claim.dismissed",
        "claim.reopened",
        "claim.rescored",
        "claim.created",
        "claim.added",
        "claim.marked_duplicate",
        "verdict.drafted",
        "verdict.submitted",
        "verdict.returned",
        "verdict.published",
        "article.submitted",
        "article.failed",
        "article.restarted",
    }
)
ROUTINE_PREFIXES = ("evidence.",)
# Actions whose claims are gone by commit time: their days are found at once.
BEFORE_COMMIT_ACTIONS = ("claim.deleted", "article.deleted")
LOCK_KEY = 0x5E_0A_7E_18  # the advisory lock every roll-up write holds (PostgreSQL)
CHUNK_DAYS = 31

_live_only: ContextVar[bool] = ContextVar("report_rollup_live_only", default=False)


# -- days in the site's time zone, as the reports count them ------------------------------------


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def day_after(day: date) -> datetime:
    return day_start(day + timedelta(days=1))


def bucket_start(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday, as date_trunc does
    if granularity == "month":
        return day.replace(day=1)
    return day


def bucket_end(start: date, granularity: str) -> date:
    if granularity == "week":
        return start + timedelta(days=6)
    if granularity == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start


def local_day(field: str) -> Trunc:
    """The day of a timestamp in the site's time zone, computed by the database (as the reports do)."""
    return Trunc(field, "day", output_field=DateField())


class SecondsBetween(Func):
    """``end - start`` in seconds as a float (NULL when either is NULL)."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(_expr(end), _expr(start), **extra)

    def _compiled(self, compiler: Any) -> tuple[str, str, list[Any]]:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, [*end_params, *start_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        end_sql, start_sql, params = self._compiled(compiler)
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))::double precision", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # Django stores datetimes as ISO text on SQLite; julianday() reads it (to about a millisecond).
        end_sql, start_sql, params = self._compiled(compiler)
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", params

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: Any = None,
        template: Any = None,
        arg_joiner: Any = None,
        **extra_context: Any,
    ) -> Any:
        raise NotSupportedError(f"SecondsBetween is written for PostgreSQL and SQLite, not {connection.vendor}.")


def _expr(value: Any) -> Any:
    return F(value) if isinstance(value, str) else value


VERDICT_KEYS = ("day", "outlet_id", "speaker_id", "author_id", "rating_id")

# The durations the reports take percentiles of, as (end, start): the roll-up stores them as computed here.
DURATIONS = {
    "to_verdict": ("published_at", "claim__created_at"),  # claim extracted → verdict published
    "review": ("published_at", "submitted_at"),  # (last) submission → approval
    "working": ("submitted_at", "claim__assigned_at"),  # taken → (last) submission
}


# -- which days the reports read from the roll-up ----------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The roll-up holds ``since`` ≤ day < ``until``."""

    since: date
    until: date


@contextmanager
def live_only() -> Iterator[None]:
    """Within this block the reports read only the live tables (the benchmark's "before", the tests' reference)."""
    token = _live_only.set(True)
    try:
        yield
    finally:
        _live_only.reset(token)


def ensure_current() -> Coverage | None:
    """The days the roll-up holds, after rolling up any whole day since it was last brought up to date.

    One query when nothing is due; None when the roll-up was never built (or within :func:`live_only`).
    """
    if _live_only.get():
        return None
    state = ReportRollupState.objects.order_by("pk").first()
    if state is None:
        return None
    today = timezone.localdate()
    if state.until < today:
        with transaction.atomic():
            _lock()
            state = ReportRollupState.objects.order_by("pk").first()
            if state is not None and state.until < today:
                _recompute_locked(state.until, today - timedelta(days=1))
                ReportRollupState.objects.filter(pk=state.pk).update(until=today)
                state.until = today
    return None if state is None else Coverage(state.since, state.until)


# -- building -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildResult:
    since: date
    until: date
    verdict_rows: int
    step_rows: int


def rebuild(since: date | None = None) -> RebuildResult:
    """Recompute every day from ``since`` (default: the first day with data) to yesterday, a month per
    transaction, and record that the roll-up holds them. Days before ``since`` are left as they were
    (and read live if they were never built)."""
    today = timezone.localdate()
    first = since or _first_day() or today
    day = first
    while day < today:
        last = min(day + timedelta(days=CHUNK_DAYS - 1), today - timedelta(days=1))
        with transaction.atomic():
            _lock()
            _recompute_locked(day, last)
        day = last + timedelta(days=1)
    with transaction.atomic():
        _lock()
        state = ReportRollupState.objects.order_by("pk").first()
        if state is None:
            ReportRollupState.objects.create(since=first, until=today, rebuilt_at=timezone.now())
        else:
            begin = first if since is None else min(first, state.since)
            ReportRollupState.objects.filter(pk=state.pk).update(since=begin, until=today, rebuilt_at=timezone.now())
            first = begin
    return RebuildResult(
        first,
        today,
        ReportVerdictDay.objects.filter(day__gte=first, day__lt=today).count(),
        ReportStepDay.objects.filter(day__gte=first, day__lt=today).count(),
    )


def recompute_days(days: Iterable[date]) -> None:
    """Recompute the given days that the roll-up holds (others are read live and need nothing)."""
    coverage = ensure_current()
    if coverage is None:
        return
    wanted = sorted({d for d in days if coverage.since <= d < coverage.until})
    if not wanted:
        return
    with transaction.atomic():
        _lock()
        for lo, hi in _runs(wanted):
            _recompute_locked(lo, hi)


def _first_day() -> date | None:
    firsts = [
        Claim.objects.aggregate(d=Min("created_at"))["d"],
        ReviewEvent.objects.filter(action__in=STEP_ACTIONS).aggregate(d=Min("created_at"))["d"],
        Verdict.objects.aggregate(d=Min("published_at"))["d"],
    ]
    known = [timezone.localtime(d).date() for d in firsts if d is not None]
    return min(known) if known else None


def _runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) ranges."""
    lo = prev = days[0]
    for d in days[1:]:
        if d != prev + timedelta(days=1):
            yield lo, prev
            lo = d
        prev = d
    yield lo, prev


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: one writer at a time already.


def step_case() -> Case:
    return Case(
        *(When(action__in=actions, then=Value(step)) for step, actions in EVENT_STEPS.items()),
        output_field=CharField(),
    )


def _recompute_locked(d0: date, d1: date) -> None:
    """Replace the roll-up rows of d0..d1 (inclusive) with what the live tables say now."""
    start, end = day_start(d0), day_after(d1)
    published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED, published_at__gte=start, published_at__lt=end)
    # Each published verdict once: its durations as they are, its count added up per day and filter.
    timing_rows: list[ReportVerdictTiming] = []
    counted: Counter[tuple[Any, ...]] = Counter()
    for verdict in published.order_by().values(
        "author_id",
        "rating_id",
        d=local_day("published_at"),
        o=F("claim__article__outlet_id"),
        s=F("claim__speaker_id"),
        k=F("claim__kind"),
        **{name: SecondsBetween(end, start) for name, (end, start) in DURATIONS.items()},
    ):
        v: dict[str, Any] = dict(verdict)
        filed = (v["d"], v["o"], v["s"], v["author_id"], v["rating_id"])
        timing_rows.append(
            ReportVerdictTiming(**dict(zip(VERDICT_KEYS, filed, strict=True)), **{n: v[n] for n in DURATIONS})
        )
        counted[(*filed, v["k"])] += 1
    verdict_rows = [
        ReportVerdictDay(**dict(zip((*VERDICT_KEYS, "kind"), filed, strict=True)), verdicts=n)
        for filed, n in counted.items()
    ]

    steps: dict[tuple[date, str, int | None, int | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in (
        Claim.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values(d=local_day("created_at"), o=F("article__outlet_id"))
        .annotate(n=Count("id"))
    ):
        steps[(row["d"], EXTRACTED, row["o"], None)] = [row["n"]] * 4

    returned_author = Case(When(action__in=EVENT_STEPS["returned"], then=F("claim__verdict__author_id")), default=None)
    events = ReviewEvent.objects.filter(created_at__gte=start, created_at__lt=end, action__in=STEP_ACTIONS)
    for row in (
        events.order_by()
        .values(d=local_day("created_at"), step=step_case(), o=F("claim__article__outlet_id"), a=returned_author)
        .annotate(n=Count("id"))
    ):
        steps[(row["d"], row["step"], row["o"], row["a"])][0] += row["n"]

    # Distinct claims: each (claim, step, day) once, with the earlier days of the same week or month
    # (for the claims stepped in the range) to tell whether this day is the claim's first there.
    stepped = (
        events.filter(claim_id__isnull=False)
        .order_by()
        .values_list("claim_id", step_case(), local_day("created_at"), "claim__article__outlet_id", returned_author)
        .distinct()
    )
    earliest = min(bucket_start(d0, "week"), bucket_start(d0, "month"))
    earlier: dict[tuple[int, str], set[date]] = defaultdict(set)
    if earliest < d0:
        for claim_id, step, day in (
            ReviewEvent.objects.filter(
                created_at__gte=day_start(earliest),
                created_at__lt=start,
                action__in=STEP_ACTIONS,
                claim_id__in=events.filter(claim_id__isnull=False).values("claim_id"),
            )
            .order_by()
            .values_list("claim_id", step_case(), local_day("created_at"))
            .distinct()
        ):
            earlier[(claim_id, step)].add(day)
    in_range: dict[tuple[int, str], list[tuple[date, int | None, int | None]]] = defaultdict(list)
    for claim_id, step, day, outlet, author in stepped:
        in_range[(claim_id, step)].append((day, outlet, author))
    for key, rows in in_range.items():
        seen = {("week", bucket_start(d, "week")) for d in earlier[key]}
        seen |= {("month", bucket_start(d, "month")) for d in earlier[key]}
        for day, outlet, author in sorted(rows, key=lambda r: r[0]):
            counts = steps[(day, key[1], outlet, author)]
            counts[1] += 1
            for i, granularity in ((2, "week"), (3, "month")):
                mark = (granularity, bucket_start(day, granularity))
                if mark not in seen:
                    counts[i] += 1
                    seen.add(mark)

    step_rows = [
        ReportStepDay(
            day=day,
            step=step,
            outlet_id=outlet,
            author_id=author,
            events=n[0],
            claims_day=n[1],
            claims_week=n[2],
            claims_month=n[3],
        )
        for (day, step, outlet, author), n in steps.items()
    ]
    replaced: list[tuple[Any, list[Any]]] = [
        (ReportVerdictDay, verdict_rows),
        (ReportVerdictTiming, timing_rows),
        (ReportStepDay, step_rows),
    ]
    for model, new_rows in replaced:
        model.objects.filter(day__gte=d0, day__lte=d1).delete()
        model.objects.bulk_create(new_rows, batch_size=5000)


# -- the hook in the audit writer ------------------------------------------------------------------

_pending = threading.local()


def event_recorded(event: ReviewEvent, **_: object) -> None:
    """Called by the audit writer for each event, inside its transaction. Queries nothing for a routine
    event of today; otherwise notes the claims (or the days) whose past days to recompute on commit."""
    today = timezone.localdate()
    event_day = timezone.localtime(event.created_at).date() if event.created_at else today
    routine = event.action in ROUTINE_ACTIONS or event.action.startswith(ROUTINE_PREFIXES)
    if routine and event_day >= today:
        return
    if event.claim_id is None and event.article_id is None:
        return  # not about a claim: nothing the reports count
    days, claims = _pending_sets()
    if event_day < today:
        days.add(event_day)  # written with a clock set in the past (demo history, tests)
    if routine:
        pass  # only the event's own (past) day changed
    elif event.action.startswith(BEFORE_COMMIT_ACTIONS):
        # The claims go with this transaction: find their days while they are here.
        days.update(_days_of(event.claim_id, event.article_id, "all"))
    else:
        key, scope = (event.claim_id, event.article_id), _scope(event.action)
        claims[key] = scope if claims.get(key, scope) == scope else "all"
    # One callback per event (a rolled-back transaction drops its own): the first to run does the work.
    transaction.on_commit(_flush)


def _scope(action: str) -> str:
    """Which of a claim's days an action can change."""
    if action in ("verdict.corrected", "verdict.retracted", "claim.edited"):
        return "published"  # rating, status, speaker or kind of a verdict published on its day
    if action == "verdict.saved":
        return "returned"  # the author, which only the returns of the claim are counted by
    return "all"


def _pending_sets() -> tuple[set[date], dict[tuple[int | None, int | None], str]]:
    if not hasattr(_pending, "days"):
        _pending.days, _pending.claims = set(), {}
    return _pending.days, _pending.claims


def _flush() -> None:
    days, claims = _pending_sets()
    if not days and not claims:
        return
    _pending.days, _pending.claims = set(), {}
    if ensure_current() is None:
        return
    for (claim_id, article_id), scope in claims.items():
        days.update(_days_of(claim_id, article_id, scope))
    recompute_days(days)


def _days_of(claim_id: int | None, article_id: int | None, scope: str) -> set[date]:
    """The days a claim counts on, or an article's claims: theirs, and those of the article's events (a
    re-ingested article's earlier claims, deleted since, were extracted on the days it was ingested)."""
    if claim_id is not None:
        return claim_days([claim_id], published_only=scope == "published", returned_only=scope == "returned")
    if article_id is None:
        return set()
    days = claim_days(Claim.objects.filter(article_id=article_id).values("pk"))
    days.update(
        ReviewEvent.objects.filter(article_id=article_id)
        .order_by()
        .values_list(local_day("created_at"), flat=True)
        .distinct()
    )
    return days


def claim_days(claim_ids: Any, *, published_only: bool = False, returned_only: bool = False) -> set[date]:
    """The days on which these claims count in the roll-up: created, published, stepped."""
    out: set[date] = set()
    if not returned_only:
        out.update(
            d
            for d in Verdict.objects.filter(claim_id__in=claim_ids, published_at__isnull=False)
            .order_by()
            .values_list(local_day("published_at"), flat=True)
            .distinct()
        )
    if published_only:
        return out
    actions = EVENT_STEPS["returned"] if returned_only else STEP_ACTIONS
    out.update(
        ReviewEvent.objects.filter(claim_id__in=claim_ids, action__in=actions)
        .order_by()
        .values_list(local_day("created_at"), flat=True)
        .distinct()
    )
    if not returned_only:
        out.update(
            Claim.objects.filter(pk__in=claim_ids).order_by().values_list(local_day("created_at"), flat=True).distinct()
        )
    return out


def covered(since_until: Coverage | None, lo: date, hi: date) -> bool:
    """Whether every day lo..hi is in the roll-up."""
    return since_until is not None and since_until.since <= lo and hi < since_until.until
