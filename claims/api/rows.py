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
    *("version", "origin", "split_from_id", "merged_into_id"),
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
        "version": claim.version,
        "origin": claim.origin,
        "split_from": claim.split_from_id,
        "merged_into": claim.merged_into_id,
        "created_at": _when(claim.created_at),
        "updated_at": _when(claim.updated_at),
    }


QUANTITY_FIELDS = ("id", "text", "start", "end", "unit", "kind", "bound", "change", "currency", "of", "noun")


def claim_detail_row(claim: Claim) -> dict[str, Any]:
    """A claim in full, from :func:`claims.selectors.desk.claims_with_details` (no further queries)."""
    counts = {"pending": 0, "accepted": 0, "rejected": 0}
    for candidate in claim.evidence.all():
        counts[candidate.decision] = counts.get(candidate.decision, 0) + 1
    providers: dict[str, str] = {}
    for run in claim.fetch_runs.all():  # newest first: the first seen per provider is its latest
        providers.setdefault(run.provider, run.status)
    verdict = getattr(claim, "verdict", None)
    rating = verdict.rating if verdict is not None else None
    return {
        **claim_row(claim),
        "start": claim.start,
        "end": claim.end,
        "dismiss_reason": claim.dismiss_reason,
        "quantities": [
            {
                **{name: getattr(q, name) for name in QUANTITY_FIELDS},
                "value": _float(q.value),
                "value_to": _float(q.value_to),
            }
            for q in claim.quantities.all()
        ],
        "duplicates": [c.pk for c in claim.duplicates.all()],
        "evidence_summary": {**counts, "providers": providers},
        "verdict": None
        if verdict is None
        else {
            "id": verdict.pk,
            "status": verdict.status,
            "version": verdict.version,
            "rating": None
            if rating is None
            else {"id": rating.pk, "slug": rating.slug, "name": rating.name, "value": rating.value},
            "summary": verdict.summary,
            "published_at": _when(verdict.published_at),
        },
    }
