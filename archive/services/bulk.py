"""Many match decisions at once (the review screen's checkboxes, ``POST /api/v1/matches/bulk``).

Each match is decided on its own, in its own transaction, by the same service a single decision
uses: one refusal (decided meanwhile, no such match, a verdict that cannot be reused) never undoes
or stops the others, and each outcome says why in a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from archive.models import ClaimMatch
from archive.services.decisions import match_confirm, match_reject, match_undo
from factcheck import roles
from factcheck.errors import Forbidden
from factcheck.services.bulk import bulk_apply, bulk_ids

# One request decides at most this many (a page of the review screen is 50).
BULK_LIMIT = 200


class BulkAction(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"
    UNDO = "undo"


@dataclass(frozen=True)
class Outcome:
    match: int
    ok: bool
    detail: str


def _decide_one(action: BulkAction, match: ClaimMatch, user: Any, reuse_verdict: bool) -> str:
    if action == BulkAction.CONFIRM:
        match_confirm(match=match, user=user, reuse_verdict=reuse_verdict)
        return "Confirmed; the claim is closed as already checked." if reuse_verdict else "Confirmed."
    if action == BulkAction.REJECT:
        match_reject(match=match, user=user)
        return "Rejected; this pair will not be suggested again."
    match_undo(match=match, user=user)
    return f"Undone; the match is {ClaimMatch.State(match.state).label.lower()} now."


def matches_decide(
    *, action: BulkAction, match_ids: list[int], user: Any, reuse_verdict: bool = False
) -> list[Outcome]:
    """Decide ``action`` on each of ``match_ids`` (in the order given, each id once): one outcome each.

    Refused as a whole (403) only when the user may decide on no match at all; a list longer than
    :data:`BULK_LIMIT` is a 400 naming the field.
    """
    if not roles.can_decide_matches(user):
        raise Forbidden("Only fact-checkers and editors can decide on matches.")
    ids = bulk_ids(
        match_ids,
        limit=BULK_LIMIT,
        field="matches",
        none="Choose at least one match.",
        too_many=f"At most {BULK_LIMIT} matches at once.",
    )
    found = ClaimMatch.objects.in_bulk(ids)
    decided = bulk_apply(
        ids, found, lambda match: _decide_one(action, match, user, reuse_verdict), missing="No such match."
    )
    return [Outcome(pk, ok, detail) for pk, ok, detail in decided]


def outcome_summary(outcomes: list[Outcome]) -> str:
    """ "N done, M refused (why)": the reasons grouped, most frequent first."""
    done = sum(1 for o in outcomes if o.ok)
    reasons: dict[str, int] = {}
    for o in outcomes:
        if not o.ok:
            reasons[o.detail] = reasons.get(o.detail, 0) + 1
    refused = len(outcomes) - done
    text = f"{done} done, {refused} refused"
    if reasons:
        why = "; ".join(
            f"{n}× {reason}" if n > 1 else reason for reason, n in sorted(reasons.items(), key=lambda r: -r[1])
        )
        text += f" ({why})"
    return text + "."
