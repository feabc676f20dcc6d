"""Has this claim been checked before? Hybrid retrieval over the archive and published verdicts, then scoring.

Candidates are the union of the dense door (:func:`archive.selectors.vectors.nearest`, the top
``CANDIDATES_DENSE`` by cosine) and the full-text door (:func:`archive.selectors.search.lexical`, the
top ``CANDIDATES_LEXICAL``), over archived fact-checks and claims with a published verdict alike.
Each gets its exact cosine; :func:`claims.semantic.retrieval.rank` scores them. What scores at or
above ``SUGGEST_THRESHOLD`` is kept (at most :data:`MATCHES_KEPT`) as a :class:`ClaimMatch`; the
best one is ``automatic`` when :func:`~claims.semantic.retrieval.is_automatic` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from archive.models import ClaimMatch, FactCheck
from archive.selectors.search import lexical
from archive.selectors.stats import corpus_stats
from archive.selectors.vectors import Corpus, cosines, nearest
from archive.services.embedding import claim_embed, embed_one
from archive.services.events import announce_match
from claims.models import Claim
from claims.semantic.retrieval import (
    CANDIDATES_DENSE,
    CANDIDATES_LEXICAL,
    SUGGEST_THRESHOLD,
    Candidate,
    Scored,
    is_automatic,
    rank,
)
from factcheck.audit import record_event
from factcheck.tasks import enqueue_on_commit
from factcheck.vectors import Embedding

# How many matches a claim keeps (the review screen shows them side by side).
MATCHES_KEPT = 3


@dataclass(frozen=True)
class Found:
    """One scored candidate with its row: ``kind`` is "factcheck" or "claim"."""

    kind: str
    factcheck: FactCheck | None
    claim: Claim | None
    scored: Scored

    @property
    def automatic(self) -> bool:
        return is_automatic(self.scored)


def candidates_for(text: str, vector: Embedding | None, *, exclude_claim: int | None = None) -> list[Found]:
    """The candidates of both doors and both corpora for ``text``, scored, best first (unfiltered).

    The scorer was fitted on the whole union of both doors (its features compare each candidate
    with the others), so the whole union is scored. Costs at most four searches, two exact-cosine
    look-ups for full-text-only hits and two loads.
    """
    hits: dict[tuple[str, int], dict[str, float | None]] = {}
    for corpus in (Corpus.FACTCHECK, Corpus.CLAIM):
        exclude = exclude_claim if corpus == Corpus.CLAIM else None
        dense = nearest(vector, CANDIDATES_DENSE, corpus=corpus, exclude=exclude) if vector is not None else []
        for pk, cosine in dense:
            hits.setdefault((corpus.value, pk), {"dense": cosine, "lexical": None})
        for pk, score in lexical(text, CANDIDATES_LEXICAL, corpus=corpus, exclude=exclude):
            hits.setdefault((corpus.value, pk), {"dense": None, "lexical": None})["lexical"] = score
    for corpus in (Corpus.FACTCHECK, Corpus.CLAIM):
        missing = [pk for (kind, pk), hit in hits.items() if kind == corpus.value and hit["dense"] is None]
        if vector is not None and missing:
            for pk, cosine in cosines(vector, missing, corpus=corpus).items():
                hits[(corpus.value, pk)]["dense"] = cosine
    # Vectors stay in the database: the cosines are known already.
    factchecks = FactCheck.objects.defer("embedding").in_bulk(
        [pk for kind, pk in hits if kind == Corpus.FACTCHECK.value]
    )
    claims = (
        Claim.objects.select_related("verdict__rating")
        .defer("embedding")
        .in_bulk([pk for kind, pk in hits if kind == Corpus.CLAIM.value])
    )
    candidates = []
    for (kind, pk), hit in hits.items():
        row: Any = factchecks.get(pk) if kind == Corpus.FACTCHECK.value else claims.get(pk)
        if row is None:
            continue
        text_of = row.claim_reviewed if kind == Corpus.FACTCHECK.value else row.text
        title = row.title if kind == Corpus.FACTCHECK.value else getattr(getattr(row, "verdict", None), "summary", "")
        candidates.append(
            Candidate(key=(kind, pk), text=text_of, title=title, dense=hit["dense"] or 0.0, lexical=hit["lexical"])
        )
    found = []
    for scored in rank(text, candidates, corpus=corpus_stats()):
        kind, pk = scored.key
        found.append(
            Found(
                kind=kind,
                factcheck=factchecks.get(pk) if kind == Corpus.FACTCHECK.value else None,
                claim=claims.get(pk) if kind == Corpus.CLAIM.value else None,
                scored=scored,
            )
        )
    return found


def matches_for_text(text: str, *, limit: int = MATCHES_KEPT) -> list[Found]:
    """What ``text`` (not a stored claim) matches, at or above the suggest threshold, best first."""
    return [f for f in candidates_for(text, embed_one(text)) if f.scored.score >= SUGGEST_THRESHOLD][:limit]


def matches_find(claim_id: int) -> list[ClaimMatch]:
    """Match one claim (embedding it first if needed) and store what passes; returns its live matches.

    Idempotent: a pair that already has a row is never created again. A ``suggested`` row gets the
    new score; ``confirmed``, ``rejected`` and ``automatic`` rows are left as they are (a rejected
    pair never comes back). Only the claim's best match may be automatic, and only while the claim
    has no other linked match. Automatic links are audited and announced after commit.
    """
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        return []
    vector = claim_embed(claim)
    found = [
        f for f in candidates_for(claim.text, vector, exclude_claim=claim.pk) if f.scored.score >= SUGGEST_THRESHOLD
    ]
    with transaction.atomic():
        # The claim row first (one lock order with the decisions), so two runs cannot both link.
        Claim.objects.select_for_update().filter(pk=claim.pk).first()
        existing = {(m.factcheck_id, m.matched_claim_id): m for m in ClaimMatch.objects.filter(claim=claim)}
        linked = any(m.state in ClaimMatch.LINKED_STATES for m in existing.values())
        for position, item in enumerate(found[:MATCHES_KEPT]):
            key = (item.factcheck.pk if item.factcheck else None, item.claim.pk if item.claim else None)
            score = round(min(max(item.scored.score, 0.0), 1.0), 4)
            match = existing.get(key)
            if match is not None:
                if match.state == ClaimMatch.State.SUGGESTED:
                    match.score, match.numbers, match.reason = score, item.scored.numbers, item.scored.reason[:2000]
                    match.save(update_fields=["score", "numbers", "reason", "updated_at"])
                continue
            automatic = position == 0 and item.automatic and not linked
            match = ClaimMatch.objects.create(
                claim=claim,
                factcheck=item.factcheck,
                matched_claim=item.claim,
                score=score,
                numbers=item.scored.numbers,
                reason=item.scored.reason[:2000],
                state=ClaimMatch.State.AUTOMATIC if automatic else ClaimMatch.State.SUGGESTED,
            )
            if automatic:
                linked = True
                record_event(
                    actor=None, action="match.automatic", obj=match, after={"state": match.state, "score": score}
                )
                announce_match("match.automatic", match)
    return list(
        ClaimMatch.objects.filter(claim=claim, state__in=ClaimMatch.LIVE_STATES).select_related(
            "factcheck", "matched_claim"
        )
    )


def on_claim_created(*, event_type: str, payload: dict[str, Any], **_: Any) -> None:
    """Receiver of :data:`factcheck.events.workbench_event` (after commit): match every new claim."""
    if event_type != "claim.created":
        return
    # Imported here: archive.tasks imports this module (tasks call services).
    from archive.tasks import match_claim

    enqueue_on_commit(match_claim, payload["claim"]["id"])
