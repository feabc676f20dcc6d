"""The claim extraction pipeline: statements → speakers → quantities → kind → check-worthiness.

:func:`extract_claims` promises, for any ``str`` input:

* it never raises on the text itself (a missing or unreadable shipped model does raise, loudly);
* claims come in text order, each with ``text[claim.start:claim.end] == claim.text``, no two overlapping;
* every quantity of a claim lies inside the claim's span;
* ``checkworthiness`` is in [0, 1]; boilerplate (newsletter prompts, "Advertisement", "can be reached
  at", copyright and comment-policy lines, bylines) and headline or menu lines are never claims.

Every other statement is a claim, opinions and pleasantries included: the score, not the extractor,
decides what a fact-checker sees first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Protocol

from claims.extraction.attribution import attribute_segments
from claims.extraction.boilerplate import is_boilerplate
from claims.extraction.kinds import classify, is_comparison, is_prediction, is_substantive, opinion_strength
from claims.extraction.people import PersonIndex
from claims.extraction.quantities import extract_quantities
from claims.extraction.sentences import Segment, split_statements
from claims.extraction.types import ClaimKind, ExtractedClaim

__all__ = ["CheckworthinessScorer", "extract_claims", "is_boilerplate", "v2_score"]


class CheckworthinessScorer(Protocol):
    def score(self, texts: Sequence[str]) -> list[float]: ...


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_WORDS = 3
_MIN_WORDS_UNTERMINATED = 15  # a line without final punctuation is a headline or a menu unless this long


def _is_statement(segment: Segment) -> bool:
    words = len(_LETTER_WORD.findall(segment.text))
    if words < _MIN_WORDS or is_boilerplate(segment.text):
        return False
    return segment.terminated or words >= _MIN_WORDS_UNTERMINATED


def _rule_score(text: str, *, kind: ClaimKind, numeric: bool, reported: bool, opinion: float) -> float:
    """A prior in [0, 1] from what makes a statement checkable: numbers, comparisons, a named source."""
    score = 0.45
    if numeric:
        score += 0.3
    if is_comparison(text):
        score += 0.1
    if is_prediction(text):
        score += 0.1  # a promise or forecast can be checked when its date comes
    if reported:
        score += 0.05
    score -= 0.5 * opinion
    if len(text.split()) < 6:
        score -= 0.15
    if kind == ClaimKind.OPINION:
        score -= 0.15
    return min(1.0, max(0.0, score))


def _combine(model_score: float, rule_score: float, kind: ClaimKind) -> float:
    """Blend the trained model and the rules; an opinion keeps at most half of its blended score."""
    blended = 0.55 * model_score + 0.45 * rule_score
    if kind == ClaimKind.OPINION:
        blended *= 0.5
    return round(min(1.0, max(0.0, blended)), 4)


def v2_score(probability: float, kind: str) -> float:
    """v2's probability is the score; speech without a checkable fact (an opinion) keeps half of it."""
    if kind == ClaimKind.OPINION:
        probability *= 0.5
    return round(min(1.0, max(0.0, probability)), 4)


def extract_claims(
    text: str,
    *,
    model: CheckworthinessScorer | None = None,
    timings: dict[str, float] | None = None,
) -> list[ExtractedClaim]:
    """Extract every statement of ``text`` as a claim with speaker, quantities, kind and score.

    ``model`` scores check-worthiness (``.score(texts) -> list[float]`` in [0, 1]); without it the
    active model (v2, or the old one when v2 cannot load) is loaded once per process. A model
    marked
    ``calibrated`` (v2) gives the final score itself, after the rules of
    :mod:`claims.semantic.checkworthiness` (questions, greetings, procedural lines are not sent to it;
    opinions keep half); the old model is blended with the rule prior. When ``timings`` is given, the
    seconds spent in each stage are added to it under "sentences", "attribution", "quantities",
    "kinds" and "scoring".
    """
    clock = _Clock(timings)
    segments = [s for s in split_statements(text) if _is_statement(s)]
    clock.lap("sentences")
    index = PersonIndex(text)
    attributions = attribute_segments(text, segments, index)
    clock.lap("attribution")
    quantities = [tuple(extract_quantities(s.text, s.start)) for s in segments]
    clock.lap("quantities")
    kinds = [
        classify(s.text, qs, has_quote=a.has_quote) for s, qs, a in zip(segments, quantities, attributions, strict=True)
    ]
    clock.lap("kinds")
    # Imported here: claims.semantic.checkworthiness imports claims.extraction, whose package imports this module.
    from claims.semantic.checkworthiness import active_model, score_sentences

    if model is None:
        model = active_model().scorer  # the model loads only when needed
    calibrated = bool(getattr(model, "calibrated", False))
    texts = [s.text for s in segments]
    if calibrated:
        model_scores = score_sentences(texts, model) if texts else []
    else:
        model_scores = model.score(texts) if texts else []
    claims: list[ExtractedClaim] = []
    for seg, qs, attr, kind, model_score in zip(segments, quantities, attributions, kinds, model_scores, strict=True):
        numeric = any(is_substantive(q) for q in qs)
        rule = _rule_score(
            seg.text,
            kind=kind,
            numeric=numeric,
            reported=attr.reported and attr.speaker is not None,
            opinion=opinion_strength(seg.text),
        )
        claims.append(
            ExtractedClaim(
                text=seg.text,
                start=seg.start,
                end=seg.end,
                kind=kind,
                checkworthiness=v2_score(float(model_score), kind)
                if calibrated
                else _combine(float(model_score), rule, kind),
                speaker=attr.speaker,
                quantities=qs,
            )
        )
    clock.lap("scoring")
    return claims


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        if self.timings is None:
            return
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now
