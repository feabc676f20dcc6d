"""Reads of the catalogue: speakers and outlets with their counts, the rating scale in order."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from claims.models import Outlet, Rating, Speaker


def speaker_by_id(pk: int) -> Speaker:
    """One speaker (raises Speaker.DoesNotExist)."""
    return Speaker.objects.get(pk=pk)


def speakers_with_counts() -> QuerySet[Speaker]:
    """Speakers, each with ``claim_count`` (the API's list and detail order and filter on it)."""
    return Speaker.objects.annotate(claim_count=Count("claims"))


def outlets_with_counts() -> QuerySet[Outlet]:
    """Outlets, each with ``article_count``."""
    return Outlet.objects.annotate(article_count=Count("articles"))


def outlets_by_name() -> QuerySet[Outlet]:
    """Every outlet by name (the queue's outlet filter)."""
    return Outlet.objects.order_by("name")


def ratings_in_order(*, in_use_only: bool = False) -> QuerySet[Rating]:
    """The rating scale in its order. ``in_use_only`` leaves out ratings retired from new verdicts
    (they stay in the scale while published verdicts carry them)."""
    ratings = Rating.objects.order_by("order", "id")
    return ratings.filter(is_active=True) if in_use_only else ratings
