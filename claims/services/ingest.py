"""The work of an ingest task: fetch → read → extract → store, each step a claimed state.

Every step claims the article with a conditional UPDATE on the state it expects, so a
redelivered or duplicated task (worker killed, broker redelivery, sweeper) does no second
side effect: it finds the state already moved on and stops. Claims are stored in the same
transaction that marks the article done, so a crash leaves either no claims or all of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.extraction import extract_claims
from claims.extraction.article import ArticleReadError, content_hash, read_article
from claims.models import Article, Claim
from claims.services.articles import apply_metadata, outlet_for
from claims.services.claim_text import claim_payload
from claims.services.claims_store import claims_store
from factcheck import clock
from factcheck.audit import record_event
from factcheck.events import emit_on_commit
from factcheck.fetching import FetchError, FetchPolicy, canonicalize_url, fetch

logger = logging.getLogger(__name__)

RUNNING = (Article.Status.FETCHING, Article.Status.EXTRACTING)


def lease_seconds() -> int:
    """How long a running ingest owns its article: past the hard time limit it is abandoned."""
    return int(settings.CELERY_TASK_TIME_LIMIT) + 30


def stale_before() -> datetime:
    """Queued articles older than this were never picked up (broker down): the sweeper re-enqueues them."""
    return clock.now() - timedelta(seconds=settings.STALE_PENDING_SECONDS)


class Outcome(StrEnum):
    DONE = "done"  # claims stored
    FAILED = "failed"  # a reason is on the article
    NOTHING_TO_DO = "nothing_to_do"  # already done, failed, or owned by a live run
    BUSY = "busy"  # another run holds a live lease: try again after ``wait`` seconds


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    wait: float = 0.0
    claims: int = 0


def _claim_article(article_id: int, task_id: str) -> tuple[Article | None, IngestResult | None]:
    """Move the article from queued (or an abandoned running state) into work. Returns it, or why not.

    A running article can be taken over when its lease expired, or at once by the same task id
    (the message redelivered after its worker was killed: that run is dead).
    """
    now = clock.now()
    lease_start = now - timedelta(seconds=lease_seconds())
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.status in (Article.Status.DONE, Article.Status.FAILED):
        return None, IngestResult(Outcome.NOTHING_TO_DO)
    next_status = (
        Article.Status.FETCHING
        if article.source == Article.Source.URL and not article.text
        else Article.Status.EXTRACTING
    )
    claimable = Q(status=Article.Status.QUEUED) | Q(status__in=RUNNING, status_changed_at__lt=lease_start)
    if task_id:
        claimable |= Q(status__in=RUNNING, claimed_by_task=task_id)
    changed = Article.objects.filter(claimable, pk=article_id, status_changed_at=article.status_changed_at).update(
        status=next_status, status_changed_at=now, attempts=article.attempts + 1, error="", claimed_by_task=task_id
    )
    if not changed:
        article.refresh_from_db()
        if article.status in RUNNING:
            remaining = (article.status_changed_at - lease_start).total_seconds()
            return None, IngestResult(Outcome.BUSY, wait=max(1.0, remaining))
        return None, IngestResult(Outcome.NOTHING_TO_DO)
    article.refresh_from_db()
    return article, None


def _move(article: Article, expected: str, **values: object) -> bool:
    values.setdefault("status_changed_at", clock.now())
    changed = Article.objects.filter(
        pk=article.pk, status=expected, status_changed_at=article.status_changed_at
    ).update(**values)
    if changed:
        article.refresh_from_db()
    return bool(changed)


def article_mark_failed(
    article_id: int, reason: str, *, expected: tuple[str, ...] = (*RUNNING, Article.Status.QUEUED)
) -> bool:
    """Leave a readable reason on the article. Returns False if it was no longer in ``expected``."""
    with transaction.atomic():
        changed = Article.objects.filter(pk=article_id, status__in=expected).update(
            status=Article.Status.FAILED, error=reason[:2000], status_changed_at=clock.now()
        )
        if changed:
            article = Article.objects.get(pk=article_id)
            record_event(actor=None, action="article.failed", obj=article, after={"status": "failed"}, note=reason)
    return bool(changed)


def _fetch_and_read(article: Article) -> None:
    """Fetch a URL article and read its main text; raises FetchError / ArticleReadError."""
    result = fetch(article.url, policy=FetchPolicy.from_settings())
    kind: Literal["text", "html"] = "text" if result.content_type == "text/plain" else "html"
    parsed = read_article(result.content, kind=kind, url=result.final_url, charset=result.charset)
    if len(parsed.text) > settings.ARTICLE_MAX_CHARS:
        raise ArticleReadError(f"The article is longer than {settings.ARTICLE_MAX_CHARS:,} characters.")
    digest = content_hash(parsed.text)
    canonical = canonicalize_url(result.final_url, canonical_link=parsed.canonical_url)
    twin = Article.objects.filter(Q(content_hash=digest) | Q(canonical_url=canonical)).exclude(pk=article.pk).first()
    if twin is not None:
        raise ArticleReadError(f"This page is the same article as #{twin.pk} (“{twin}”), which is already stored.")
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if fresh.status != Article.Status.FETCHING or fresh.status_changed_at != article.status_changed_at:
            raise _LostLease()
        overrides = {
            "title": fresh.title,
            "author": fresh.author,
            "published": fresh.published,
            "outlet": fresh.outlet.name if fresh.outlet else None,
        }
        outlet_name = apply_metadata(fresh, parsed, overrides)
        if outlet_name:
            fresh.outlet = outlet_for(outlet_name, fresh)
        fresh.content_hash = digest
        fresh.canonical_url = canonical
        fresh.status = Article.Status.EXTRACTING
        fresh.status_changed_at = clock.now()
        try:
            with transaction.atomic():
                fresh.save()
        except IntegrityError:
            raise ArticleReadError("Another article with the same address or text was stored meanwhile.") from None
    article.refresh_from_db()


class _LostLease(Exception):
    """Another run took the article over; this one stops without side effects."""


def article_ingest(article_id: int, *, task_id: str = "") -> IngestResult:
    """Run one article through the pipeline. A failed fetch fails the article with its reason."""
    article, early = _claim_article(article_id, task_id)
    if early is not None:
        return early
    assert article is not None
    try:
        if article.status == Article.Status.FETCHING:
            try:
                _fetch_and_read(article)
            except FetchError as exc:
                # The fetcher has tried a transient failure again already (one retry policy:
                # factcheck.fetching.retry); the task does not add tries of its own.
                tries = f"{exc.tries} {'try' if exc.tries == 1 else 'tries'}"
                article_mark_failed(article.pk, exc.reason + (f" (gave up after {tries})" if exc.transient else ""))
                return IngestResult(Outcome.FAILED)
        extracted = extract_claims(article.text)
        with transaction.atomic():
            if not _move(article, Article.Status.EXTRACTING, status=Article.Status.DONE, error=""):
                raise _LostLease()
            claims = claims_store(article=article, extracted=extracted)
            record_event(
                actor=None, action="article.ingested", obj=article, after={"status": "done", "claims": len(claims)}
            )
            _announce(article, claims)
        return IngestResult(Outcome.DONE, claims=len(claims))
    except ArticleReadError as exc:
        article_mark_failed(article.pk, exc.reason)
        return IngestResult(Outcome.FAILED)
    except _LostLease:
        logger.info("Article %s was taken over by another run; stopping.", article_id)
        return IngestResult(Outcome.NOTHING_TO_DO)


def _announce(article: Article, claims: list[Claim]) -> None:
    """After commit: the events webhooks deliver, and that the evidence app gathers evidence on
    (``evidence.services.gathering.on_claim_created``)."""
    emit_on_commit(
        "article.ingested",
        lambda: {
            "article": {"id": article.pk, "title": article.title, "url": article.address or None, "claims": len(claims)}
        },
    )
    for claim in claims:
        emit_on_commit("claim.created", lambda c=claim: {"claim": claim_payload(c)})  # type: ignore[misc]


SWEEP_BATCH = 500
RESTARTED = "Restarted after the worker stopped."


def articles_requeue_stale(*, limit: int = SWEEP_BATCH) -> list[int]:
    """Take back articles stuck in queued (the broker was down) or abandoned mid-run (the worker
    died) and return their ids, for the sweeper to enqueue again.

    Each row is touched with a conditional update on the state and time that were read: only one
    sweeper wins it, and the next sweep waits ``STALE_PENDING_SECONDS`` (or the lease) again. An
    abandoned run goes back to queued with a reason and an ``article.restarted`` event (system
    actor) in the same transaction; a queued article only gets its time touched.
    """
    now = clock.now()
    lease_start = now - timedelta(seconds=lease_seconds())
    stuck = Article.objects.filter(
        Q(status=Article.Status.QUEUED, status_changed_at__lt=stale_before())
        | Q(status__in=RUNNING, status_changed_at__lt=lease_start)
    ).only("pk", "title", "url", "status", "status_changed_at")[:limit]
    taken = []
    for article in stuck:
        same = Article.objects.filter(pk=article.pk, status=article.status, status_changed_at=article.status_changed_at)
        if article.status == Article.Status.QUEUED:
            if same.update(status_changed_at=now):
                taken.append(article.pk)
            continue
        with transaction.atomic():
            if same.update(status=Article.Status.QUEUED, status_changed_at=now, error=RESTARTED):
                record_event(
                    actor=None,
                    action="article.restarted",
                    obj=article,
                    before={"status": article.status},
                    after={"status": Article.Status.QUEUED},
                    note=RESTARTED,
                )
                taken.append(article.pk)
    return taken
