"""The webhook payload of a match decision (sent after commit, like every workbench event)."""

from __future__ import annotations

from typing import Any

from archive.models import ClaimMatch
from factcheck.events import emit_on_commit


def match_payload(match: ClaimMatch) -> dict[str, Any]:
    target: dict[str, Any]
    if match.factcheck_id is not None and match.factcheck is not None:
        fc = match.factcheck
        target = {"kind": "factcheck", "id": fc.pk, "external_id": fc.external_id, "source": fc.source, "url": fc.url}
    else:
        target = {"kind": "claim", "id": match.matched_claim_id}
    return {
        "match": {
            "id": match.pk,
            "claim": match.claim_id,
            "target": target,
            "score": match.score,
            "numbers": match.numbers,
            "state": match.state,
            "decided_by": getattr(match.decided_by, "username", None),
        }
    }


def announce_match(event_type: str, match: ClaimMatch) -> None:
    """Send ``event_type`` (a ``match.*`` webhook event) for ``match`` once the transaction commits."""
    emit_on_commit(event_type, lambda: match_payload(match))
