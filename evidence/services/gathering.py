"""Gathering evidence: start provider runs for a claim, run one, store and rank what it found.

The life of a :class:`~evidence.models.FetchRun`::

    queued ──(task claims it with a conditional UPDATE)──► running ──► succeeded (N candidates)
       ▲                                                     │    └──► failed (reason)
       └──────── transient error, retry due later ◄──────────┘
    skipped: the provider is not configured (the reason is on the run)

Every step moves the run with ``filter(pk=..., status=EXPECTED).update(...)`` and stops when no row
changed, so a redelivered or duplicated task does nothing twice. Candidates are written with
``update_or_create`` on (claim, provider, url): gathering again refreshes them, never duplicates,
and keeps the reviewer's decision.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, cast

from celery import group
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from claims.extraction.types import Bound, Change, Quantity, QuantityKind
from claims.models import Claim
from claims.models import Quantity as QuantityRow
from claims.services.locking import lock_claim
from evidence import ranking
from evidence.models import EvidenceCandidate, FetchRun
from evidence.providers import Candidate, ClaimInput, ProviderError, registry
from evidence.providers.http import RateLimited
from evidence.selectors import claims_due_for_evidence_refresh
from evidence.services.passages import candidates_relevance
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, Forbidden
from factcheck.metrics import record_provider_failure
from factcheck.public_urls import shown_url
from factcheck.tasks import enqueue_on_commit
from factcheck.transactions import atomic_with_retry

logger = logging.getLogger(__name__)

ACTIVE = (FetchRun.Status.QUEUED, FetchRun.Status.RUNNING)


# --------------------------------------------------------------------------------------------
# Plain values for providers and ranking
# --------------------------------------------------------------------------------------------


def _quantity(row: QuantityRow) -> Quantity:
    return Quantity(
        text=row.text,
        start=row.start,
        end=row.end,
        value=row.value,
        unit=row.unit or None,
        kind=QuantityKind(row.kind),
        bound=Bound(row.bound) if row.bound else Bound.EQ,
        change=Change(row.change) if row.change else None,
        currency=row.currency or None,
        of=row.of or None,
        noun=row.noun or None,
        value_to=row.value_to,
    )


def claim_input(claim: Claim) -> ClaimInput:
    """The claim as providers see it: text, kind, speaker name, quantities and the article's date."""
    article = claim.article
    date = article.published or (article.created_at.date() if article.created_at else None)
    return ClaimInput(
        claim_id=claim.pk,
        text=claim.text,
        kind=claim.kind,
        speaker=claim.speaker.name if claim.speaker_id and claim.speaker else None,
        quantities=tuple(_quantity(q) for q in claim.quantities.all()),
        date=date,
        article_id=claim.article_id,
    )


def _quantity_to_json(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": q.value,
        "value_to": q.value_to,
        "unit": q.unit,
        "kind": q.kind.value,
        "bound": q.bound.value if q.bound else None,
        "of": q.of,
        "noun": q.noun,
        "currency": q.currency,
    }


def _quantity_from_json(data: dict[str, Any]) -> Quantity:
    return Quantity(
        text=data["text"],
        start=0,
        end=0,
        value=data["value"],
        value_to=data.get("value_to"),
        unit=data.get("unit"),
        kind=QuantityKind(data["kind"]),
        bound=Bound(data["bound"]) if data.get("bound") else Bound.EQ,
        of=data.get("of"),
        noun=data.get("noun"),
        currency=data.get("currency"),
    )


# --------------------------------------------------------------------------------------------
# Starting
# --------------------------------------------------------------------------------------------


def on_claim_created(*, event_type: str, payload: dict[str, Any], **_: Any) -> None:
    """Receiver of :data:`factcheck.events.workbench_event` (after commit): a new claim worth checking,
    and not a repeat of an earlier claim, gets its evidence gathered (``EVIDENCE_AUTO_THRESHOLD``)."""
    if event_type != "claim.created":
        return
    claim = payload["claim"]
    if claim["checkworthiness"] < settings.EVIDENCE_AUTO_THRESHOLD:
        return
    if Claim.objects.filter(pk=claim["id"], duplicate_of__isnull=True).exists():
        # Imported here: evidence.tasks imports this module (tasks call services).
        from evidence.tasks import gather_evidence

        enqueue_on_commit(gather_evidence, claim["id"])


def fetch_runs_start(claim_id: int, *, providers: Iterable[str] | None = None) -> list[FetchRun]:
    """Create a run per provider and enqueue one task each (a Celery group) after commit.

    Providers that are not configured get a ``skipped`` run with the reason. A provider that
    already has a queued or running run for the claim is left alone, so a redelivered
    ``gather_evidence`` starts nothing twice. Returns the runs created.
    """
    # Imported here: evidence.tasks imports this module (tasks call services).
    from evidence.tasks import fetch_from_provider

    wanted = set(providers) if providers is not None else None
    with transaction.atomic():
        claim = lock_claim(claim_id)  # the claim row first, then its runs (one lock order)
        if claim is None:
            return []
        busy = set(FetchRun.objects.filter(claim=claim, status__in=ACTIVE).values_list("provider", flat=True))
        now = clock.now()
        created: list[FetchRun] = []
        for name, provider in registry().items():
            if (wanted is not None and name not in wanted) or name in busy:
                continue
            reason = provider.not_configured_reason()
            if reason:
                created.append(
                    FetchRun.objects.create(
                        claim=claim, provider=name, status=FetchRun.Status.SKIPPED, error=reason, finished_at=now
                    )
                )
                continue
            created.append(FetchRun.objects.create(claim=claim, provider=name, due_at=now))
        queued = [run.pk for run in created if run.status == FetchRun.Status.QUEUED]
        if queued:
            # A group publishes like a task (apply_async); the helper keeps its on-commit and
            # broker-down handling for it too.
            enqueue_on_commit(cast(Any, group(fetch_from_provider.s(pk) for pk in queued)))
    return created


def evidence_gather(*, claim: Claim, user: Any, providers: Iterable[str] | None = None) -> list[FetchRun]:
    """ "Fetch evidence again": start every configured provider for ``claim`` (or those named).

    For fact-checkers and editors (``evidence.decide_evidence``); audited as ``evidence.gather``.
    """
    if not roles.can_gather_evidence(user):
        raise Forbidden("Only fact-checkers and editors can gather evidence.")
    names = list(providers) if providers is not None else None
    if names is not None:
        unknown = sorted(set(names) - set(registry()))
        if unknown:
            raise DomainError(f"No evidence provider called {', '.join(unknown)}.", field="providers")
    return _gather_and_record(claim=claim, user=user, names=names)


@atomic_with_retry
def _gather_and_record(*, claim: Claim, user: Any, names: list[str] | None) -> list[FetchRun]:
    runs = fetch_runs_start(claim.pk, providers=names)
    record_event(
        actor=user, action="evidence.gather", obj=claim, after={"providers": sorted({r.provider for r in runs})}
    )
    return runs


# --------------------------------------------------------------------------------------------
# Running one provider
# --------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RETRY = "retry"  # the rate limit had no slot (nothing sent); the run is queued again, due after ``retry_after``
    NOTHING_TO_DO = "nothing_to_do"  # not queued (another run took it, or it is finished)


@dataclass(frozen=True)
class RunResult:
    outcome: Outcome
    candidates: int = 0
    retry_after: float | None = None
    reason: str = ""


def _claim_run(run_id: int) -> FetchRun | None:
    now = clock.now()
    run = FetchRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    changed = FetchRun.objects.filter(pk=run_id, status=FetchRun.Status.QUEUED).update(
        status=FetchRun.Status.RUNNING, attempts=run.attempts + 1, started_at=now
    )
    if not changed:
        return None
    run.refresh_from_db()
    return run


def _finish(run: FetchRun, status: str, *, error: str = "", found: int = 0) -> bool:
    now = clock.now()
    duration = int((now - run.started_at).total_seconds() * 1000) if run.started_at else None
    return bool(
        FetchRun.objects.filter(pk=run.pk, status=FetchRun.Status.RUNNING).update(
            status=status, error=error[:2000], candidates_found=found, finished_at=now, duration_ms=duration
        )
    )


def fetch_run_fail(run_id: int, reason: str) -> bool:
    """Mark a queued or running run failed with ``reason``. False if it had already finished."""
    now = clock.now()
    return bool(
        FetchRun.objects.filter(pk=run_id, status__in=ACTIVE).update(
            status=FetchRun.Status.FAILED, error=reason[:2000], finished_at=now
        )
    )


def fetch_run_execute(run_id: int, *, final_attempt: bool) -> RunResult:
    """Run one provider for one claim: claim the run, search, store and rank, finish the run.

    A provider error fails the run with its reason: the HTTP client has already tried as often as
    the retry policy allows, so the run does not try again. The one exception is a used-up rate
    limit before anything was sent: the run goes back in the queue (``Outcome.RETRY``, the reason
    visible) unless ``final_attempt``. Any unexpected exception inside a provider also fails the
    run with a readable reason: one bad provider never stops the others.
    """
    run = _claim_run(run_id)
    if run is None:
        return RunResult(Outcome.NOTHING_TO_DO)
    provider = registry().get(run.provider)
    if provider is None:
        _finish(run, FetchRun.Status.FAILED, error=f"No provider called {run.provider!r} is installed.")
        return RunResult(Outcome.FAILED)
    claim = Claim.objects.select_related("article", "speaker").filter(pk=run.claim_id).first()
    if claim is None:  # deleted meanwhile; the run goes with it
        return RunResult(Outcome.NOTHING_TO_DO)
    started = time.monotonic()
    try:
        found = provider.search(claim_input(claim))
    except ProviderError as exc:
        if isinstance(exc, RateLimited) and not final_attempt:
            # Nothing was sent: the run waits in the queue for the next slot.
            retry_after = exc.retry_after
            due = clock.now() + timedelta(seconds=retry_after or 0)
            FetchRun.objects.filter(pk=run.pk, status=FetchRun.Status.RUNNING).update(
                status=FetchRun.Status.QUEUED, error=f"Waiting: {exc.reason}", due_at=due
            )
            return RunResult(Outcome.RETRY, retry_after=retry_after, reason=exc.reason)
        reason = exc.reason
        if exc.transient and run.attempts > 1:  # earlier runs waited for the rate limit
            reason = f"{reason} The run was started {run.attempts} times."
        _finish(run, FetchRun.Status.FAILED, error=reason)
        record_provider_failure(run.provider, "gave_up_transient" if exc.transient else "error")
        return RunResult(Outcome.FAILED, reason=reason)
    except Exception as exc:
        logger.exception("Provider %s failed on claim %s", run.provider, run.claim_id)
        record_provider_failure(run.provider, "internal_error")
        reason = f"{provider.label} stopped with an internal error ({type(exc).__name__}); it was logged."
        _finish(run, FetchRun.Status.FAILED, error=reason)
        return RunResult(Outcome.FAILED, reason=reason)
    stored = _store_and_rank(run, claim.pk, found)
    if stored is None:
        return RunResult(Outcome.NOTHING_TO_DO)
    logger.info(
        "Provider %s found %d candidates for claim %s in %.0f ms",
        run.provider,
        stored,
        claim.pk,
        (time.monotonic() - started) * 1000,
    )
    return RunResult(Outcome.SUCCEEDED, candidates=stored)


def fetch_run_requeue(run_id: int, reason: str) -> bool:
    """Put a running run back in the queue with ``reason`` (its task hit a database error and
    comes back through the broker). False if it was not running any more."""
    return bool(
        FetchRun.objects.filter(pk=run_id, status=FetchRun.Status.RUNNING).update(
            status=FetchRun.Status.QUEUED, error=reason[:2000]
        )
    )


SWEEP_BATCH = 500
RESTARTED = "Restarted after the worker stopped."


def fetch_runs_requeue_stale(*, limit: int = SWEEP_BATCH) -> list[int]:
    """Take back runs overdue in queued (the broker lost or never got them) or abandoned in running
    (the worker died) and return their ids, for the sweeper to enqueue again.

    Each row is touched with a conditional update on what was read, so only one sweeper wins it and
    the next sweep waits again. An abandoned run goes back to queued with a reason and a
    ``fetch_run.restarted`` event (system actor) in the same transaction.
    """
    now = clock.now()
    stale = now - timedelta(seconds=settings.STALE_PENDING_SECONDS)
    # A running run older than the hard time limit has no live task: its worker died.
    abandoned = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stuck = FetchRun.objects.filter(
        Q(status=FetchRun.Status.QUEUED, due_at__lt=stale)
        | Q(status=FetchRun.Status.QUEUED, due_at__isnull=True, queued_at__lt=stale)
        | Q(status=FetchRun.Status.RUNNING, started_at__lt=abandoned)
    )[:limit]
    taken = []
    for run in stuck:
        if run.status == FetchRun.Status.QUEUED:
            if FetchRun.objects.filter(pk=run.pk, status=run.status, due_at=run.due_at).update(due_at=now):
                taken.append(run.pk)
            continue
        with transaction.atomic():
            if FetchRun.objects.filter(pk=run.pk, status=run.status, started_at=run.started_at).update(
                status=FetchRun.Status.QUEUED, due_at=now, error=RESTARTED
            ):
                record_event(
                    actor=None,
                    action="fetch_run.restarted",
                    obj=run,
                    before={"status": run.status, "provider": run.provider},
                    after={"status": FetchRun.Status.QUEUED},
                    note=RESTARTED,
                )
                taken.append(run.pk)
    return taken


def evidence_refresh_stale(*, limit: int = 200) -> int:
    """Gather again for open, check-worthy claims whose latest run is older than
    ``EVIDENCE_REFRESH_DAYS`` (the oldest first, at most ``limit``); returns how many claims."""
    cutoff = clock.now() - timedelta(days=settings.EVIDENCE_REFRESH_DAYS)
    claim_ids = claims_due_for_evidence_refresh(older_than=cutoff, limit=limit)
    for claim_id in claim_ids:
        fetch_runs_start(claim_id)
    return len(claim_ids)


@atomic_with_retry
def _store_and_rank(run: FetchRun, claim_id: int, found: list[Candidate]) -> int | None:
    """Store what a provider found, finish its run and rank the claim's pool; None if not ours any more.

    The claim row is locked first (before any candidate), like every other writer of a claim's evidence.
    """
    claim = lock_claim(claim_id)
    if claim is None:  # deleted meanwhile; the run went with it
        return None
    stored = candidates_store(claim, run.provider, found)
    if not _finish(run, FetchRun.Status.SUCCEEDED, found=stored):
        # The sweeper gave the run to another task meanwhile; that one will finish it.
        transaction.set_rollback(True)
        return None
    candidates_rerank(claim.pk)
    return stored


# The workbench's own evidence (a library document without a web address, an earlier verdict).
INTERNAL_SCHEMES = ("library:", "claim:")


def _linkable(url: str) -> bool:
    """Whether a provider's URL may be stored and shown as a link: our own references, or a web
    address the address policy allows (a provider answer never puts 127.0.0.1 or the cloud
    metadata address on the desk). Anything else is left out and logged."""
    if url.startswith(INTERNAL_SCHEMES) and url.split(":", 1)[1].isdigit():
        return True
    if shown_url(url):
        return True
    logger.warning("A provider's evidence URL was left out by the address policy: %.200s", url)
    return False


def candidates_store(claim: Claim, provider: str, candidates: Iterable[Candidate]) -> int:
    """Write (or refresh) candidates on their unique key; decisions and notes stay as they were.

    A candidate less relevant to the claim than ``EVIDENCE_MIN_RELEVANCE`` is not listed: it is
    not stored, and a copy an earlier gathering stored is removed unless a reviewer touched it.
    A library candidate's snippet is its document's passages most relevant to the claim. Returns
    how many candidates are listed.
    """
    chosen: list[tuple[str, Candidate]] = []
    seen: set[str] = set()
    for candidate in candidates:
        url = candidate.url.strip()[:2000]
        if not url or url in seen or not _linkable(url):
            continue
        seen.add(url)
        chosen.append((url, candidate))
    scored = candidates_relevance(
        claim.text, [candidate for _, candidate in chosen], minimum=settings.EVIDENCE_MIN_RELEVANCE
    )
    count = 0
    for (url, candidate), relevance in zip(chosen, scored, strict=True):
        if relevance.value is not None and relevance.value < settings.EVIDENCE_MIN_RELEVANCE:
            EvidenceCandidate.objects.filter(
                claim=claim, provider=provider, url=url, decision=EvidenceCandidate.Decision.PENDING, note=""
            ).delete()
            continue
        extra = dict(candidate.extra)
        if candidate.quantities:
            extra["quantities"] = [_quantity_to_json(q) for q in candidate.quantities]
        if candidate.provider_score is not None:
            extra["provider_score"] = candidate.provider_score
        if relevance.value is not None:
            extra["relevance"], extra["similarity"] = relevance.value, relevance.similarity
        EvidenceCandidate.objects.update_or_create(
            claim=claim,
            provider=provider,
            url=url,
            defaults={
                "title": candidate.title[:500],
                "snippet": relevance.passage or candidate.snippet,
                "source_name": candidate.source_name[:200],
                "published": candidate.published,
                "document_id": candidate.document_id,
                "extra": extra,
            },
        )
        count += 1
    return count


def candidates_rerank(claim_id: int) -> int:
    """Score and order all of a claim's candidates together (BM25 needs the whole pool).

    Locks the claim row (PostgreSQL) so two providers finishing at once rank one after the other
    and the later one sees both providers' candidates. Returns how many candidates were ranked.
    """
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("article", "speaker")
            .prefetch_related("quantities")
            .get(pk=claim_id)
        )
        candidates = list(EvidenceCandidate.objects.filter(claim_id=claim_id).order_by("id"))
        if not candidates:
            return 0
        info = claim_input(claim)
        ranked = ranking.rank(
            ranking.ClaimForRanking(info.text, info.speaker, info.quantities, info.date),
            [
                ranking.CandidateForRanking(
                    c.title,
                    c.snippet,
                    c.published,
                    tuple(_quantity_from_json(q) for q in c.extra.get("quantities", [])),
                    c.extra.get("provider_score"),
                    c.extra.get("relevance"),
                    c.extra.get("similarity"),
                )
                for c in candidates
            ],
        )
        positions = ranking.order(ranked)
        for candidate, result, position in zip(candidates, ranked, positions, strict=True):
            candidate.score = result.score
            candidate.rank = position
            candidate.reasons = list(result.reasons)
            candidate.agreement = result.agreement.value
            candidate.agreement_detail = result.agreement_detail
        EvidenceCandidate.objects.bulk_update(
            candidates, ["score", "rank", "reasons", "agreement", "agreement_detail"], batch_size=200
        )
    return len(candidates)
