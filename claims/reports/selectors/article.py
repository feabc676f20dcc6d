"""One article's report: its claims and how they were rated."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from claims.models import Article, Verdict
from claims.reports.selectors.shared import active_ratings
from claims.reports.tables import Cell, Column, Table, claims_link
from claims.selectors.articles import article_claims


@dataclass
class ArticleReport:
    article: Article
    claims: Table
    ratings: Table


def article_report(article: Article) -> ArticleReport:
    """One article's claims (in text order) with their verdicts, and its published verdicts by rating."""
    rows = article_claims(article)
    claims = Table(
        key="claims",
        title="Claims and verdicts",
        columns=[
            Column("claim", "Claim"),
            Column("speaker", "Speaker"),
            Column("kind", "Kind"),
            Column("status", "Status"),
            Column("rating", "Rating"),
            Column("summary", "Verdict"),
            Column("published", "Published"),
        ],
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
        Verdict.objects.filter(claim__article=article, status=Verdict.Status.PUBLISHED)
        .order_by()
        .values_list("rating_id")
        .annotate(n=Count("id"))
    )
    ratings = Table(
        key="ratings",
        title="Published verdicts by rating",
        columns=[Column("rating", "Rating"), Column("verdicts", "Verdicts", numeric=True)],
    )
    for r in active_ratings():
        n = counts.get(r.pk, 0)
        ratings.add(
            Cell(r.name), Cell(n, claims_link(article=article.pk, verdict="published", rating=r.slug) if n else "")
        )
    return ArticleReport(article, claims, ratings)
