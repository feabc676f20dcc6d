"""Storing a past article with its claims, dated when they happened (the demo history).

Ingestion is not what the demo history is about, so its articles arrive already read: this
service writes the outlet, the article, its speakers and claims at the moments given, through
:func:`factcheck.clock.frozen_at`, and records ``article.ingested`` as ingestion does. What people
do to the claims afterwards goes through the workflow services under the same clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from claims.models import Article, Claim, Outlet, Speaker
from factcheck import clock
from factcheck.audit import record_event


@dataclass(frozen=True)
class PastClaim:
    text: str
    start: int  # the claim's span in the article text
    end: int
    kind: str
    checkworthiness: float
    speaker: tuple[str, str, str]  # name, title, affiliation
    at: datetime  # when the claim was extracted


@dataclass(frozen=True)
class PastArticle:
    content_hash: str
    title: str
    outlet: tuple[str, str]  # name, domain
    author: str
    text: str
    at: datetime  # when it was stored; its publication date is this day
    claims: Sequence[PastClaim]


@transaction.atomic
def past_article_store(*, article: PastArticle) -> tuple[Article, list[Claim]]:
    """Write ``article`` and its claims at their own moments; refused if a moment lies ahead."""
    moments = [article.at, *(claim.at for claim in article.claims)]
    if max(moments) > clock.now():
        raise ValueError("A past article cannot be dated in the future.")
    with clock.frozen_at(article.at):
        outlet = Outlet.objects.filter(name__iexact=article.outlet[0]).first() or Outlet.objects.create(
            name=article.outlet[0], domain=article.outlet[1]
        )
        stored = Article.objects.create(
            source=Article.Source.TEXT,
            title=article.title,
            outlet=outlet,
            author=article.author,
            published=article.at.date(),
            text=article.text,
            raw=article.text,
            status=Article.Status.DONE,
            content_hash=article.content_hash,
        )
    claims = []
    for past in article.claims:
        with clock.frozen_at(past.at):
            claims.append(
                Claim.objects.create(
                    article=stored,
                    text=past.text,
                    start=past.start,
                    end=past.end,
                    speaker=_speaker(*past.speaker),
                    kind=past.kind,
                    checkworthiness=past.checkworthiness,
                )
            )
    with clock.frozen_at(max(moments)):
        record_event(actor=None, action="article.ingested", obj=stored, after={"status": "done", "claims": len(claims)})
    return stored, claims


def _speaker(name: str, title: str, affiliation: str) -> Speaker:
    found = Speaker.objects.filter(name__iexact=name).first()
    return found or Speaker.objects.create(name=name, title=title, affiliation=affiliation)
