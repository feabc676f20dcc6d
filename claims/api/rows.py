"""The claim list and detail bodies as plain functions over loaded rows (no DRF field machinery).

They write exactly what :class:`~claims.api.serializers.ClaimSerializer` and
:class:`~claims.api.serializers.ClaimDetailSerializer` would (those stay the documented schema;
``tests/api/test_claim_rows.py`` compares the two on the same claims), at a fraction of the cost
per row: measured in ``bench/inproc.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from claims.models import Claim

# The columns claim_row reads: the list loads only these (an article's text can be long).
LIST_COLUMNS = (
    *("id", "text", "kind", "status", "checkworthiness", "priority", "assigned_at", "duplicate_of_id"),
    *("match_score", "created_at", "updated_at", "speaker_id", "article_id", "assignee_id"),
    *("speaker__id", "speaker__name", "speaker__title", "assignee__id", "assignee__username"),
    *("article__id", "article__title", "article__url", "article__published", "article__outlet_id"),
    *("article__outlet__id", "article__outlet__name"),
)


def _when(value: datetime | None) -> str | None:
    """DRF's ISO 8601: in the current time zone, ``Z`` for UTC."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _float(value: float | None) -> float | None:
    return float(value) if value is not None else None


def claim_row(claim: Claim) -> dict[str, Any]:
    """A claim as the list shows it (speaker, article and assignee joined by the selector)."""
    speaker, article, assignee = claim.speaker, claim.article, claim.assignee
    outlet = article.outlet
    return {
        "id": claim.pk,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "checkworthiness": _float(claim.checkworthiness),
        "priority": claim.priority,
        "speaker": {"id": speaker.pk, "name": speaker.name, "title": speaker.title} if speaker else None,
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "outlet": outlet.name if outlet else None,
            "published": _day(article.published),
        },
        "assignee": {"id": assignee.pk, "username": assignee.username} if assignee else None,
        "assigned_at": _when(claim.assigned_at),
        "duplicate_of": claim.duplicate_of_id,
        "match_score": _float(claim.match_score),
        "created_at": _when(claim.created_at),
        "updated_at": _when(claim.updated_at),
    }
