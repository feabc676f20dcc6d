"""Submitting articles and turning them into stored claims.

``article_submit`` is the one door for every way in (UI form, API, CLI, demo loader): it
validates, finds duplicates, stores an ``Article(status=queued)`` and hands the work to
``claims.tasks.ingest_article`` once the transaction commits. The task calls
:func:`ingest` which fetches (for URLs), reads the main text and metadata, extracts
claims and stores them with :func:`claims_store`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.extraction.article import ArticleReadError, content_hash, read_article
from claims.extraction.types import ArticleText
from claims.models import Article, Claim, Outlet
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, ErrorKind, Forbidden
from factcheck.fetching import canonicalize_url
from factcheck.public_urls import public_url, shown_url
from factcheck.tasks import enqueue_on_commit
from factcheck.uploads import sniff_upload

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmitResult:
    article: Article
    created: bool  # False: an earlier article with the same URL or text was returned


def _clean_url(url: str) -> str:
    url = url.strip()
    if any(ch in url for ch in "\r\n\t ") or not url:
        raise DomainError("The URL must not contain spaces or line breaks.", field="url")
    if not url.lower().startswith(("http://", "https://")):
        raise DomainError("Enter a full web address starting with http:// or https://.", field="url")
    # The fetcher's address rules now, so a private or metadata address is refused at the door
    # with the fetcher's sentence instead of being stored as an article that fails.
    return public_url(url, field="url")


def _page_canonical_url(link: str | None) -> str:
    # An uploaded page names its own address; one that cannot be read is ignored, not an error.
    try:
        return canonicalize_url(link) if link else ""
    except ValueError:
        return ""


def _decode_upload(html: bytes | str) -> bytes | str:
    if isinstance(html, bytes):
        if len(html) > settings.FETCH_MAX_BYTES:
            raise DomainError(f"The file is larger than {settings.FETCH_MAX_BYTES // (1024 * 1024)} MB.", field="html")
        # By the bytes, never the name: a PNG or an SVG called page.html is refused, naming what it is.
        try:
            sniff_upload(html, filename="The file", allowed={"html", "text"})
        except DomainError as exc:
            raise DomainError(exc.message, field="html") from None
    return html


def _existing(q: Q) -> Article | None:
    return Article.objects.filter(q).select_related("outlet").order_by("id").first()


def _outlet_named(name: str | None, domain: str = "") -> Outlet | None:
    name = (name or "").strip()
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None:
        try:
            with transaction.atomic():
                outlet = Outlet.objects.create(name=name[:200], domain=domain[:253])
        except IntegrityError:
            outlet = Outlet.objects.get(name__iexact=name)
    return outlet


def _title_from(text: str) -> str:
    """A stand-in title for a text without one: its first sentence, shortened at a word."""
    first = text.split("\n", 1)[0]
    first = first.split(" — ", 1)[-1] if " — " in first[:40] else first  # drop a dateline
    sentence = first.split(". ", 1)[0].strip()
    if len(sentence) <= 100:
        return sentence
    return sentence[:100].rsplit(" ", 1)[0] + "…"


def apply_metadata(article: Article, parsed: ArticleText, overrides: dict[str, Any]) -> str | None:
    """Fill text, title, author and date from the page, letting what the submitter typed win.

    Returns the outlet's name (typed or read); the caller stores it inside its own transaction.
    """
    article.text = parsed.text
    article.title = (overrides.get("title") or parsed.title or article.title or _title_from(parsed.text))[:500]
    article.author = (overrides.get("author") or parsed.author or article.author or "")[:300]
    article.published = overrides.get("published") or parsed.published or article.published
    return overrides.get("outlet") or parsed.outlet


def outlet_for(name: str | None, article: Article) -> Outlet | None:
    """The outlet called ``name`` (created on first sight), with the article's host as its domain."""
    return _outlet_named(name, urlsplit(article.url).hostname or "" if article.url else "")


def article_submit(
    *,
    user: Any,
    url: str | None = None,
    text: str | None = None,
    html: bytes | str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    author: str | None = None,
) -> SubmitResult:
    """Store a new article (or return the existing duplicate) and queue its ingestion.

    Exactly one of ``url``, ``text`` or ``html`` is given. Pasted text and uploaded pages are
    read at once (a bad one is a field error and nothing is stored); a URL is fetched by the
    task. The same canonical URL or the same article text is never stored twice.
    """
    if not roles.can_submit_articles(user):
        raise Forbidden("Only fact-checkers and editors can submit articles.")
    given = [name for name, value in (("url", url), ("text", text), ("html", html)) if value not in (None, "", b"")]
    if len(given) != 1:
        raise DomainError("Give exactly one of: a URL, a pasted text, or an HTML file.", field="url")
    overrides = {"title": title, "outlet": outlet, "published": published, "author": author}

    if url:
        clean = _clean_url(url)
        try:
            canonical = canonicalize_url(clean)
        except ValueError as exc:
            raise DomainError(str(exc), field="url") from None
        existing = _existing(Q(canonical_url=canonical) | Q(url=clean))
        if existing:
            return SubmitResult(existing, created=False)
        article = Article(source=Article.Source.URL, url=clean, canonical_url=canonical, submitted_by=user)
        if title:
            article.title = title[:500]
        if author:
            article.author = author[:300]
        if published:
            article.published = published
        return _store_new(article, user=user, outlet=outlet)

    kind = "text" if text else "html"
    raw: bytes | str = text if text else _decode_upload(html)  # type: ignore[arg-type]
    if kind == "text" and len(raw) > settings.ARTICLE_MAX_CHARS:
        raise DomainError(f"The text is longer than {settings.ARTICLE_MAX_CHARS:,} characters.", field="text")
    try:
        parsed = read_article(raw, kind=kind)  # type: ignore[arg-type]
    except ArticleReadError as exc:
        raise DomainError(exc.reason, field=kind) from None
    if len(parsed.text) > settings.ARTICLE_MAX_CHARS:
        raise DomainError(f"The article is longer than {settings.ARTICLE_MAX_CHARS:,} characters.", field=kind)
    digest = content_hash(parsed.text)
    declared = shown_url(parsed.canonical_url)  # the page's own <link rel=canonical>, if it is a public address
    canonical = _page_canonical_url(declared)
    existing = _existing(Q(content_hash=digest) | (Q(canonical_url=canonical) if canonical else Q(pk__in=[])))
    if existing:
        return SubmitResult(existing, created=False)
    article = Article(
        source=Article.Source.TEXT if kind == "text" else Article.Source.HTML,
        # What was pasted; for a page, the text as read, so a re-ingest gives the same offsets.
        raw=(text or "") if kind == "text" else parsed.text,
        content_hash=digest,
        canonical_url=canonical,
        submitted_by=user,
    )
    outlet_name = apply_metadata(article, parsed, overrides)
    return _store_new(article, user=user, outlet=outlet_name)


def _store_new(article: Article, *, user: Any, outlet: str | None) -> SubmitResult:
    # Imported here: claims.tasks imports this module (tasks call services).
    from claims.tasks import ingest_article

    try:
        with transaction.atomic():
            if outlet:
                article.outlet = outlet_for(outlet, article)
            article.status = Article.Status.QUEUED
            article.status_changed_at = clock.now()
            article.save()
            record_event(actor=user, action="article.submitted", obj=article, after={"status": article.status})
            enqueue_on_commit(ingest_article, article.pk)
    except IntegrityError:
        # A concurrent submission of the same URL or text won the race: answer with its article.
        q = Q(canonical_url=article.canonical_url) if article.canonical_url else Q(pk__in=[])
        if article.content_hash:
            q |= Q(content_hash=article.content_hash)
        existing = _existing(q)
        if existing is None:
            raise
        return SubmitResult(existing, created=False)
    return SubmitResult(article, created=True)


@transaction.atomic
def article_reingest(*, article: Article, user: Any) -> Article:
    """Read a finished or failed article again: claims are replaced, reviewed claims are kept."""
    # Imported here: claims.tasks imports this module (tasks call services).
    from claims.tasks import ingest_article

    if not roles.can_submit_articles(user):
        raise Forbidden("Only fact-checkers and editors can re-ingest articles.")
    changed = Article.objects.filter(pk=article.pk, status__in=[Article.Status.DONE, Article.Status.FAILED]).update(
        status=Article.Status.QUEUED, error="", attempts=0, status_changed_at=clock.now()
    )
    if not changed:
        raise DomainError("The article is still being processed.", field="status", kind=ErrorKind.CONFLICT)
    before = {"status": article.status}
    article.refresh_from_db()
    record_event(actor=user, action="article.reingest", obj=article, before=before, after={"status": "queued"})
    enqueue_on_commit(ingest_article, article.pk)
    return article


@transaction.atomic
def article_delete(*, article: Article, user: Any) -> None:
    """Delete an article with its claims (admins: ``claims.delete_article``); audited.

    Locks the article, then its claims (the order ingestion keeps). Their events stay, unlinked
    and labelled; the deletion is one more event, saying how many claims went with it.
    """
    if not roles.can_delete_articles(user):
        raise Forbidden("Only admins can delete articles.")
    locked = Article.objects.select_for_update().filter(pk=article.pk).first()
    if locked is None:
        return  # already gone
    claim_ids = list(Claim.objects.select_for_update().filter(article=locked).values_list("pk", flat=True))
    record_event(
        actor=user,
        action="article.deleted",
        obj=locked,
        before={"status": locked.status, "url": locked.url[:500], "title": locked.title[:200]},
        after={"claims_deleted": len(claim_ids)},
    )
    locked.delete()
