"""Check-worthiness v2 in the workbench: the fine-tuned encoder, the rules kept, the fallback, the reason.

* :func:`active_model` loads v2 once per process (sha256-checked). A missing or altered file logs one
  sentence and the old TF-IDF model takes over; :func:`model_status` then carries the warning the
  desk shows.
* :func:`rule_for` names the sentences the model does not need to see (questions, greetings and
  thanks, procedural lines): they get :data:`RULE_SCORE` without a forward pass. Speech without a
  checkable fact (kind *opinion*) keeps half its model score. docs/models.md says what each measured.
* :func:`reason` is the one line a reviewer reads next to the score.

Pure of Django: the claims app passes the two settings in through :mod:`claims.semantic.config`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claims.extraction.checkworthiness import default_model
from claims.extraction.kinds import is_comparison, is_prediction
from claims.semantic import config, encoder
from claims.semantic.encoder import FineTunedScorer, _Lazy, configured_threads

__all__ = ["RULE_SCORE", "ActiveModel", "active_model", "model_status", "reason", "rule_for", "score_sentences"]

logger = logging.getLogger("claims.checkworthiness")

RULE_SCORE = 0.02  # a question, greeting or procedural line: never above a checkable statement
OPINION_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class ActiveModel:
    """The model this process scores with: ``v2`` or, after a load failure, ``v1`` with a warning."""

    scorer: Any  # .score(texts) -> list[float] in [0, 1]
    threshold: float
    version: str
    warning: str | None = None

    @property
    def calibrated(self) -> bool:
        """True for v2: its probability is the score (v1's is blended with rules by the pipeline)."""
        return self.version == "v2"


def _old_model(warning: str | None) -> ActiveModel:
    old = default_model()
    return ActiveModel(scorer=old, threshold=old.threshold, version="v1", warning=warning)


def _load() -> ActiveModel:
    if config.options().checkworthiness_model == "v1":
        return _old_model(None)
    try:
        v2 = FineTunedScorer.load(encoder.CHECKWORTHINESS_V2_DIR, threads=configured_threads())
    except Exception as exc:  # noqa: BLE001 - any unreadable model file means the same: fall back
        message = str(exc).rstrip(".") if str(exc) else type(exc).__name__
        logger.error("%s; check-worthiness falls back to the old model.", message)
        return _old_model(f"Check-worthiness v2 could not load ({message}); scores come from the old model.")
    return ActiveModel(scorer=v2, threshold=v2.threshold, version="v2")


_ACTIVE = _Lazy(_load)


def active_model() -> ActiveModel:
    """The process-wide check-worthiness model (loaded on first call, then shared)."""
    model: ActiveModel = _ACTIVE.get()
    return model


def reset_active_model() -> None:
    """Forget the loaded model (tests, and after replacing the model files)."""
    _ACTIVE.reset()


def model_status() -> dict[str, Any]:
    model = active_model()
    return {"version": model.version, "threshold": round(model.threshold, 4), "warning": model.warning}


# --------------------------------------------------------------------------------------------------
# Rules kept next to the model
# --------------------------------------------------------------------------------------------------

_GREETING = re.compile(
    r"^\W*(?:(?:thank\s+you|thanks|good\s+(?:morning|afternoon|evening|night)|hello|hi|welcome(?:\s+back)?|"
    r"congratulations|ladies\s+and\s+gentlemen|it['’]s\s+(?:a|an)\s+(?:honou?r|pleasure|privilege)|"
    r"(?:i|we)\s+(?:want\s+to\s+|would\s+like\s+to\s+)?(?:thank|welcome|congratulate))\b)",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"^\W*(?:(?:let\s+me\s+(?:turn|move|go|ask|start|begin|finish)|next\s+question|(?:we['’]ll|we\s+will|let['’]s)\s+"
    r"(?:take\s+a\s+(?:short\s+)?break|move\s+on|turn\s+to|go\s+to|come\s+back)|back\s+to\s+you|over\s+to\s+you|"
    r"(?:you\s+have|you['’]ve\s+got)\s+\w+\s+(?:minutes?|seconds?)|time['’]s\s+up|(?:the\s+)?floor\s+is\s+yours)\b)",
    re.IGNORECASE,
)


_SHORT_WORDS = 15


def rule_for(text: str) -> str | None:
    """``"empty"``, ``"question"``, ``"greeting"`` or ``"procedural"`` when a rule decides the sentence,
    else None."""
    stripped = text.strip().rstrip("\"'”’)")
    if not any(c.isalnum() for c in stripped):
        return "empty"
    if stripped.endswith("?"):
        return "question"
    # A greeting or a turn-taking line is short and carries no figure; anything longer may hide a claim.
    if len(stripped.split()) > _SHORT_WORDS or any(c.isdigit() for c in stripped):
        return None
    if _GREETING.match(text):
        return "greeting"
    if _PROCEDURAL.match(text):
        return "procedural"
    return None


def _rule_score(rule: str | None) -> float:
    if rule is None:
        return -1.0  # the model decides
    return 0.0 if rule == "empty" else RULE_SCORE


def score_sentences(texts: Sequence[str], scorer: Any = None) -> list[float]:
    """Scores in [0, 1] for ``texts``, in order: the rules where they decide, else one batched call
    of ``scorer`` (default: the active model) for the rest."""
    scorer = scorer if scorer is not None else active_model().scorer
    scores = [_rule_score(rule_for(text)) for text in texts]
    pending = [i for i, score in enumerate(scores) if score < 0]
    if pending:
        for i, score in zip(pending, scorer.score([texts[i] for i in pending]), strict=True):
            scores[i] = min(1.0, max(0.0, float(score)))
    return scores


# --------------------------------------------------------------------------------------------------
# The reviewer's one line
# --------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d|\b(?:percent|million|billion|trillion|thousand|hundred|half|twice|double)\b", re.I)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according\s+to|reported|announced|stated)\b", re.I)


def reason(text: str, score: float, *, threshold: float, kind: str | None = None) -> str:
    """One readable line: the verdict against the threshold and what in the sentence drove it."""
    rule = rule_for(text)
    if rule == "empty":
        return "No words to score."
    if rule == "question":
        return "A question: it asks rather than states, so there is nothing to check."
    if rule == "greeting":
        return "A greeting or thanks: no factual content."
    if rule == "procedural":
        return "A procedural line (turn-taking, timekeeping): no factual content."
    cues = []
    if _NUMBER.search(text):
        cues.append("a figure")
    if is_comparison(text):
        cues.append("a comparison")
    if is_prediction(text):
        cues.append("a promise or forecast")
    if _ATTRIBUTION.search(text):
        cues.append("an attributed statement")
    verdict = "Check-worthy" if score >= threshold else "Below the bar"
    head = f"{verdict} ({score:.2f} vs {threshold:.2f})"
    if kind == "opinion":
        return f"{head}: judges or urges rather than states a checkable fact (score halved)."
    if cues:
        return f"{head}: states {_join(cues)}."
    if score >= threshold:
        return f"{head}: reads as a factual statement about the world."
    return f"{head}: no figure, comparison or verifiable event found."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
