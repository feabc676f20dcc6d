"""The claim list and detail bodies as plain functions over ``values()`` rows (no DRF field machinery,
no model instances).

They write exactly what :class:`~claims.api.serializers.ClaimSerializer` and
:class:`~claims.api.serializers.ClaimDetailSerializer` would (those stay the documented schema;
``tests/api/test_claim_rows.py`` compares the two on the same claims), at a fraction of the cost
per row: measured in ``bench/inproc.py``. The rows come from :mod:`claims.selectors.claim_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from django.http import Http404
from django.utils import timezone

from claims.models import Claim
from claims.selectors.claim_rows import OWN_FIELDS, QUANTITY_FIELDS, claim_detail_extras, claim_detail_values


def _when(value: datetime | None, zone: tzinfo | None = None) -> str | None:
    """DRF's ISO 8601: in the current time zone (``zone``, when the caller looked it up once for
    many values), ``Z`` for UTC."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _float(value: float | None) -> float | None:
    return float(value) if value is not None else None


def claim_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A claim as the list shows it, from a row of :data:`~claims.selectors.claim_rows.LIST_FIELDS`."""
    speaker_id, assignee_id = row["speaker_id"], row["assignee_id"]
    zone = timezone.get_current_timezone()
    return {
        "id": row["id"],
        "text": row["text"],
        "kind": row["kind"],
        "status": row["status"],
        "checkworthiness": _float(row["checkworthiness"]),
        "priority": row["priority"],
        "speaker": None
        if speaker_id is None
        else {"id": speaker_id, "name": row["speaker__name"], "title": row["speaker__title"]},
        "article": {
            "id": row["article_id"],
            "title": row["article__title"],
            "url": row["article__url"],
            "outlet": row["article__outlet__name"],
            "published": _day(row["article__published"]),
        },
        "assignee": None if assignee_id is None else {"id": assignee_id, "username": row["assignee__username"]},
        "assigned_at": _when(row["assigned_at"], zone),
        "duplicate_of": row["duplicate_of_id"],
        "match_score": _float(row["match_score"]),
        "version": row["version"],
        "origin": row["origin"],
        "split_from": row["split_from_id"],
        "merged_into": row["merged_into_id"],
        "created_at": _when(row["created_at"], zone),
        "updated_at": _when(row["updated_at"], zone),
    }


def claim_detail_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A claim in full, from a row of :func:`~claims.selectors.claim_rows.claim_detail_values`."""
    counts = {"pending": 0, "accepted": 0, "rejected": 0, **(row["evidence_counts"] or {})}
    rating_id = row["verdict__rating__id"]
    quantities = sorted(row["quantity_rows"] or (), key=lambda q: (q["start"], q["id"]))
    return {
        **claim_row(row),
        "start": row["start"],
        "end": row["end"],
        "dismiss_reason": row["dismiss_reason"],
        "quantities": [
            {
                **{name: q[name] for name in QUANTITY_FIELDS},
                "value": _float(q["value"]),
                "value_to": _float(q["value_to"]),
            }
            for q in quantities
        ],
        "duplicates": sorted(row["duplicate_ids"] or ()),
        "evidence_summary": {**counts, "providers": {r["provider"]: r["status"] for r in row["provider_runs"] or ()}},
        "verdict": None
        if row["verdict__id"] is None
        else {
            "id": row["verdict__id"],
            "status": row["verdict__status"],
            "version": row["verdict__version"],
            "rating": None
            if rating_id is None
            else {
                "id": rating_id,
                "slug": row["verdict__rating__slug"],
                "name": row["verdict__rating__name"],
                "value": row["verdict__rating__value"],
            },
            "summary": row["verdict__summary"],
            "published_at": _when(row["verdict__published_at"]),
        },
    }


def claim_detail(claim_id: int) -> dict[str, Any]:
    """The claim in full (one query); 404 when there is no such claim."""
    row = claim_detail_values(claim_id)
    if row is None:
        raise Http404(f"No {Claim._meta.object_name} matches the given query.")
    return claim_detail_row(row)


def taken_claim_detail(claim: Claim) -> dict[str, Any]:
    """A claim just taken, in full: its own columns from the instance the take's ``UPDATE … RETURNING``
    built, the rest in one query (:func:`~claims.selectors.claim_rows.claim_detail_extras`)."""
    extras = claim_detail_extras(claim.pk)
    if extras is None:  # deleted since: the take's transaction committed, so this is a new request's race
        raise Http404(f"No {Claim._meta.object_name} matches the given query.")
    own = {name: getattr(claim, name) for name in (*OWN_FIELDS, "start", "end", "dismiss_reason")}
    return claim_detail_row({**own, **extras})
