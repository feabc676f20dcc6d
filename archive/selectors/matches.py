"""Reads of claim matches: the review screen's pages, the API's list, a claim's panel on the desk
and the navigation's count (the queue's "already checked" filter is in :mod:`claims.selectors.queue`).

Every list here loads what a row shows (the claim, its speaker and article, the fact-check or the
earlier claim with its verdict and rating) in the same query, so a page costs the same whatever
its length (pinned by tests in ``tests/archive``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from archive.models import ClaimMatch
from factcheck import keyset

State = ClaimMatch.State

# The review screen and the API list: newest first (claimmatch_state_idx serves it per state).
MATCH_ORDER = ("-created_at", "-id")
PAGE_SIZE = 50


def match_list(
    *, states: tuple[str, ...] = (), claim: int | None = None, min_score: float | None = None
) -> QuerySet[ClaimMatch]:
    """Matches in ``states`` (all when empty), of one ``claim``, scoring at least ``min_score``; newest first."""
    qs = ClaimMatch.objects.select_related(
        "claim",
        "claim__speaker",
        "claim__article",
        "factcheck",
        "matched_claim",
        "matched_claim__verdict",
        "matched_claim__verdict__rating",
        "decided_by",
    )
    if states:
        qs = qs.filter(state__in=states)
    if claim is not None:
        qs = qs.filter(claim_id=claim)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    return qs.order_by(*MATCH_ORDER)


def match_detail(pk: int) -> ClaimMatch:
    """One match with what its row shows (raises ClaimMatch.DoesNotExist for an unknown id)."""
    return match_list().get(pk=pk)


def claim_matches(claim_id: int) -> list[ClaimMatch]:
    """A claim's live matches (suggested, automatic, confirmed), best first: the desk's panel."""
    return list(match_list(states=ClaimMatch.LIVE_STATES, claim=claim_id).order_by("-score", "id"))


def pending_count() -> int:
    """How many suggestions wait for a reviewer (the navigation's badge)."""
    return ClaimMatch.objects.filter(state=State.SUGGESTED).count()


@dataclass
class MatchPage:
    matches: list[ClaimMatch]
    next_cursor: str | None
    is_first: bool


def match_page(*, states: tuple[str, ...], cursor: str = "", page_size: int = PAGE_SIZE) -> MatchPage:
    """One page of the review screen after ``cursor`` (an unreadable cursor starts from page one)."""
    qs = match_list(states=states)
    key = keyset.decode(cursor, MATCH_ORDER) if cursor else None
    page_qs = keyset.rows_after(qs, MATCH_ORDER, key) if key is not None and not key.backwards else None
    if page_qs is None:
        key, page_qs = None, qs
    rows = list(page_qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    return MatchPage(
        matches=rows,
        next_cursor=keyset.encode(rows[-1], MATCH_ORDER) if has_more and rows else None,
        is_first=key is None,
    )
