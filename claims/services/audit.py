"""The audit record every state change writes, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from claims.models import Article, Claim, ReviewEvent


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> ReviewEvent:
    """Write one ReviewEvent. ``actor`` None means the system (a task, the sweeper)."""
    claim = article = None
    if isinstance(obj, Claim):
        claim, article = obj, None
        article_id = obj.article_id
    elif isinstance(obj, Article):
        article, article_id = obj, obj.pk
    else:
        claim_id = getattr(obj, "claim_id", None)
        claim = Claim(pk=claim_id) if claim_id else None
        article_id = None
    return ReviewEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        article_id=article.pk if article else article_id,
        claim=claim,
        before=before or {},
        after=after or {},
        note=note,
    )
