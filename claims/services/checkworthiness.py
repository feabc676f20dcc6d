"""Check-worthiness services: score sentences, and re-score stored claims after a model change.

Commands, tasks and the API call these; only :func:`claims_rescore` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from claims.extraction.pipeline import v2_score
from claims.models import Claim
from claims.semantic.checkworthiness import active_model, reason, score_sentences
from factcheck.audit import record_event

MAX_SENTENCES = 1000
MAX_SENTENCE_CHARS = 5000
RESCORE_BATCH = 256


def worthiness_note(claim: Claim) -> dict[str, Any]:
    """What the desk shows next to the score: one readable reason, and the fallback warning if any."""
    model = active_model()
    return {
        "reason": reason(claim.text, claim.checkworthiness, threshold=model.threshold, kind=claim.kind),
        "warning": model.warning,
        "version": model.version,
    }


def score_texts(texts: Sequence[str]) -> dict[str, Any]:
    """``{"model", "threshold", "warning", "results": [{"text", "score", "checkworthy"}]}`` in order."""
    model = active_model()
    scores = score_sentences(texts, model.scorer)
    return {
        "model": model.version,
        "threshold": round(model.threshold, 4),
        "warning": model.warning,
        "results": [
            {"text": text, "score": round(score, 4), "checkworthy": score >= model.threshold}
            for text, score in zip(texts, scores, strict=True)
        ],
    }


def claim_texts_score(items: Sequence[tuple[str, str]]) -> list[float]:
    """Fresh check-worthiness for ``(text, kind)`` pairs a reviewer wrote (an edit, a split, an added
    claim), scored as extraction scores a sentence: the active model, opinions halved."""
    if not items:
        return []
    scores = score_sentences([text for text, _ in items], active_model().scorer)
    return [v2_score(score, kind) for score, (_, kind) in zip(scores, items, strict=True)]


class RescoreUnavailable(RuntimeError):
    """v2 is not loaded: re-scoring with the fallback would replace good scores with worse ones."""


def claims_rescore(claim_ids: Sequence[int]) -> int:
    """Recompute the stored check-worthiness of these claims with v2 (its rules included, the claim's
    stored kind kept); return how many changed. Each changed claim gets a ``claim.rescored`` event
    (system actor, old and new score, model version) in the same transaction as the new score.
    Raises :class:`RescoreUnavailable` when v2 could not load, so a broken model file never
    rewrites the queue's order."""
    model = active_model()
    if not model.calibrated:
        raise RescoreUnavailable(model.warning or "check-worthiness v2 is not the active model")
    claims = list(Claim.objects.filter(pk__in=claim_ids).only("pk", "article_id", "text", "kind", "checkworthiness"))
    if not claims:
        return 0
    scores = score_sentences([claim.text for claim in claims], model.scorer)
    changed: list[tuple[Claim, float]] = []
    for claim, score in zip(claims, scores, strict=True):
        new = v2_score(score, claim.kind)
        if abs(new - claim.checkworthiness) > 1e-6:
            changed.append((claim, claim.checkworthiness))
            claim.checkworthiness = new
    with transaction.atomic():
        Claim.objects.bulk_update([claim for claim, _ in changed], ["checkworthiness"])
        for claim, old in changed:
            record_event(
                actor=None,
                action="claim.rescored",
                obj=claim,
                before={"checkworthiness": old},
                after={"checkworthiness": claim.checkworthiness, "model": model.version},
            )
    return len(changed)


def claim_batches(*, batch_size: int = RESCORE_BATCH) -> list[list[int]]:
    """Every claim id, in id order, cut into batches for :func:`claims_rescore`."""
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    return [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
