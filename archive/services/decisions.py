"""A reviewer's decisions on a claim's matches: confirm, reject, undo.

Each is one conditional ``UPDATE ... WHERE state IN (...)`` (the row count says whether the move was
still allowed, so two reviewers deciding at once cannot both win), a ReviewEvent with who, before
and after, and a webhook event after commit (``match.confirmed`` / ``match.rejected`` /
``match.undone``). The states and their moves are described on :class:`archive.models.ClaimMatch`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from archive.models import ClaimMatch
from archive.services.events import announce_match
from archive.services.reuse import verdict_reuse
from claims.services.locking import lock_claim
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import Forbidden, TransitionError

State = ClaimMatch.State

# action -> (states it may start from, the state it leaves, the webhook event)
_MOVES: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "confirm": ((State.SUGGESTED, State.AUTOMATIC), State.CONFIRMED, "match.confirmed"),
    "reject": ((State.SUGGESTED, State.AUTOMATIC), State.REJECTED, "match.rejected"),
    # Undo: a reviewer's decision goes back to a suggestion; an automatic link is taken apart (rejected).
    "undo": ((State.CONFIRMED, State.REJECTED, State.AUTOMATIC), None, "match.undone"),
}


def _decide(
    action: str, match: ClaimMatch, user: Any, *, then: Callable[[ClaimMatch], object] | None = None
) -> ClaimMatch:
    """Move ``match``; ``then`` runs in the same transaction after the move (a refusal there undoes it)."""
    if not roles.can_decide_matches(user):
        raise Forbidden("Only fact-checkers and editors can decide on matches.")
    allowed, target, event_type = _MOVES[action]
    with transaction.atomic():
        # The claim row first: the lock order of matching (archive.services.matching) and the verdict services.
        lock_claim(match.claim_id)
        current = ClaimMatch.objects.select_for_update().filter(pk=match.pk).values_list("state", flat=True).first()
        if current is None:
            raise TransitionError("This match no longer exists.")
        if current not in allowed:
            label = ClaimMatch.State(current).label.lower()
            raise TransitionError(
                f"This match is {label} already; it cannot be {action}ed now.".replace("undoed", "undone")
            )
        new_state = target or (State.REJECTED if current == State.AUTOMATIC else State.SUGGESTED)
        decided_by, decided_at = (user, clock.now()) if new_state != State.SUGGESTED else (None, None)
        updated = ClaimMatch.objects.filter(pk=match.pk, state=current).update(
            state=new_state, decided_by=decided_by, decided_at=decided_at, updated_at=clock.now()
        )
        if not updated:  # unreachable under the row lock; kept so a changed lock never lets two win
            raise TransitionError("Someone else decided on this match first.")
        match.refresh_from_db()
        record_event(
            actor=user,
            action=f"match.{action}",
            obj=match,
            before={"state": current},
            after={"state": new_state, "score": match.score},
        )
        announce_match(event_type, match)
        if then is not None:
            then(match)
    return match


def match_confirm(*, match: ClaimMatch, user: Any, reuse_verdict: bool = False) -> ClaimMatch:
    """Link the claim to the match (suggested or automatic → confirmed).

    ``reuse_verdict`` also closes the claim as already checked with the match's verdict
    (:func:`archive.services.reuse.verdict_reuse`), in the same transaction: if that is refused,
    the match is not confirmed either.
    """
    then = (lambda m: verdict_reuse(match=m, user=user)) if reuse_verdict else None
    return _decide("confirm", match, user, then=then)


def match_reject(*, match: ClaimMatch, user: Any) -> ClaimMatch:
    """Not the same claim (suggested or automatic → rejected); the pair is never suggested again."""
    return _decide("reject", match, user)


def match_undo(*, match: ClaimMatch, user: Any) -> ClaimMatch:
    """Take a decision back: confirmed or rejected → suggested; automatic → rejected (unlinked)."""
    return _decide("undo", match, user)
