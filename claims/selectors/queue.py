"""Reads: the claim queue and its filters, shared by the web UI and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from claims.models import Claim


def queue_order(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """The queue's default order: priority, then check-worthiness, then oldest first (uses claim_queue_idx)."""
    return queryset.order_by("-priority", "-checkworthiness", "created_at", "id")


@dataclass(frozen=True)
class QueueFilters:
    status: tuple[str, ...] = (Claim.Status.NEW,)
    kind: str = ""
    speaker: int | None = None
    outlet: int | None = None
    article: int | None = None
    assignee: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    has_duplicate: bool | None = None
    score_min: float | None = None
    score_max: float | None = None
    q: str = ""


def claim_list(*, filters: QueueFilters | None = None, user: Any = None) -> QuerySet[Claim]:
    """Claims matching ``filters`` in queue order, with what a list row shows already joined."""
    f = filters or QueueFilters()
    qs = Claim.objects.select_related("speaker", "assignee", "article", "article__outlet")
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.speaker:
        qs = qs.filter(speaker_id=f.speaker)
    if f.outlet:
        qs = qs.filter(article__outlet_id=f.outlet)
    if f.article:
        qs = qs.filter(article_id=f.article)
    if f.assignee:
        qs = qs.filter(assignee_id=f.assignee)
    if f.created_from:
        qs = qs.filter(created_at__date__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__date__lte=f.created_to)
    if f.has_duplicate is not None:
        qs = qs.filter(duplicate_of__isnull=not f.has_duplicate)
    if f.score_min is not None:
        qs = qs.filter(checkworthiness__gte=f.score_min)
    if f.score_max is not None:
        qs = qs.filter(checkworthiness__lte=f.score_max)
    if f.q:
        terms = f.q.split()
        for term in terms[:8]:
            qs = qs.filter(Q(text__icontains=term) | Q(speaker__name__icontains=term))
    return queue_order(qs)
