"""The audit record every state change writes, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.dispatch import Signal

from factcheck.models import ReviewEvent

LABEL_MAX = 300
# Sent with every event written (``event=``), inside its transaction: what is derived from the audit
# trail (the report roll-up, connected by the claims app) is kept current here, so no writer can forget
# it. A plain Django signal, like factcheck.events.workbench_event, but synchronous and before commit.
event_recorded = Signal()


def object_label(obj: models.Model) -> str:
    """What an audited object is called, kept on its events after it is deleted: "claim #12: The …"."""
    return f"{obj._meta.model_name} #{obj.pk}: {obj}"[:LABEL_MAX]


def _links(obj: models.Model) -> tuple[int | None, int | None]:
    """The claim and article an event about ``obj`` belongs to (either may be None)."""
    label = obj._meta.label_lower
    if label == "claims.claim":
        return obj.pk, getattr(obj, "article_id", None)
    if label == "claims.article":
        return None, obj.pk
    return getattr(obj, "claim_id", None), None


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
    claim_id, article_id = _links(obj)
    event = ReviewEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        object_label=object_label(obj),
        article_id=article_id,
        claim_id=claim_id,
        before=before or {},
        after=after or {},
        note=note,
    )
    event_recorded.send(sender=ReviewEvent, event=event)
    return event
