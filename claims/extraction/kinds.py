"""Classify a statement as statistic, comparison, promise/prediction, opinion, quote or event, by rules.

The order of the rules is the promise: a statement with a number (other than a bare date) is a
statistic; otherwise a comparison ("than", "highest ... since", "compared with"); otherwise an opinion
when it judges, urges or pleases ("should", "extremely important", "we look forward", "stand firmly
together") rather than reports; otherwise a promise or prediction when it speaks of the future ("will",
"plans to", "is expected to", "by 2027"); otherwise a quote when it is one; otherwise an event.

:func:`opinion_strength` is exposed separately because check-worthiness lowers a statement's score by
how much it judges, even when its kind is decided by an earlier rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.extraction.types import ClaimKind, Quantity, QuantityKind

__all__ = ["classify", "is_comparison", "is_prediction", "is_substantive", "opinion_strength"]

_COMPARISON = re.compile(
    r"\b(?:than\b|compared\s+(?:with|to)|(?:highest|lowest|largest|smallest|biggest|best|worst|"
    r"fastest|slowest|strongest|weakest|greatest)\b.{0,60}\b(?:since|ever|on\s+record|in\s+(?:the|a)|of\s+any)\b|"
    r"the\s+(?:most|least)\s+[a-z]{4,}|"
    r"record\s+(?:high|low|level)|twice\s+as|(?:double|triple|half)\s+(?:the|what)|outpac\w+|exceed\w*|"
    r"(?:higher|lower|more|less|fewer|larger|smaller|bigger)\s+than|(?:the\s+)?(?:highest|lowest|largest|"
    r"smallest|biggest|worst|best)\b)",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won['’]t|shall|going\s+to|plans?\s+to|planned\s+to|aims?\s+to|intends?\s+to|pledged?|vow(?:s|ed)?|"
    r"promis(?:e|es|ed)|expected\s+to|projected\s+to|forecast|set\s+to|due\s+to\s+(?:open|start|begin|be)|"
    r"on\s+track\s+to|by\s+(?:19|20)\d\d|next\s+(?:year|month|week|decade)|is\s+to\s+be|are\s+to\s+be)\b",
    re.IGNORECASE,
)
# Words that judge, urge, wish or please: their weight says how strongly they mark an opinion.
_OPINION_MARKERS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"\b(?:should|shouldn['’]t|ought\s+to|must\s+not|mustn['’]t)\b", re.I), 0.6),
    (re.compile(r"\bmust\b", re.I), 0.45),
    (
        re.compile(
            r"\b(?:it\s+is|it['’]s|that\s+is|this\s+is)\s+(?:extremely\s+|very\s+|so\s+|vitally\s+|"
            r"absolutely\s+)?(?:important|vital|crucial|essential|critical|necessary|clear|right|wrong|"
            r"unacceptable|a\s+shame|a\s+disgrace|time)\b",
            re.I,
        ),
        0.7,
    ),
    (
        re.compile(
            r"\b(?:I|we)\s+(?:believe|think|feel|hope|trust|expect|want|wish|look\s+forward|are\s+"
            r"(?:proud|pleased|delighted|grateful|honou?red|committed|determined|confident)|"
            r"stand\s+(?:with|together|by)|welcome|thank|appreciate)\b",
            re.I,
        ),
        0.6,
    ),
    (
        re.compile(
            r"\b(?:stand\s+(?:firmly\s+|united\s+|shoulder\s+to\s+shoulder\s+)?together|"
            r"thank\s+you|pleasure|pleased|delighted|grateful|honou?red|proud|wonderful|great\s+"
            r"(?:day|meeting|honou?r|friend)|warm\s+welcome|(?:do|doing)\s+more\s+with\s+less)\b",
            re.I,
        ),
        0.5,
    ),
    (
        re.compile(
            r"\b(?:unfair|outrageous|shameful|disgraceful|ridiculous|absurd|reckless|irresponsible|"
            r"excellent|fantastic|terrible|appalling|aggressive|coercive|strong(?:ly)?|"
            r"firmly|deeply|truly|frankly|clearly|obviously)\b",
            re.I,
        ),
        0.15,
    ),
    (re.compile(r"\b(?:in\s+my\s+view|in\s+our\s+view|my\s+opinion|personally)\b", re.I), 0.6),
    # Normative verbs: what someone deserves or needs is a judgement, not a fact.
    (re.compile(r"\b(?:deserves?|deserved|needs?\s+to|have\s+to\s+be|has\s+to\s+be)\b", re.I), 0.45),
    # A verdict in a few quoted words: the plan was “too little, too late”, the rise is “welcome”.
    (re.compile(r"\b(?:is|was|were|are|be|been)\s+[“\"][^”\"]{1,40}[”\"]", re.I), 0.45),
)
# Verbs and phrases of checkable reporting: they argue against reading a statement as opinion.
_FACTUAL = re.compile(
    r"\b(?:is\s+creating|established|announced|signed|approved|passed|invaded|withdrew|withdrawal|cut|"
    r"raised|spent|lost|won|killed|arrested|discussed|confirmed|reported|recorded|published|found|"
    r"was\s+(?:discussed|weakened|approved|signed)|did\s+not\s+discuss|agreed|rose|fell|increased|"
    r"decreased|dropped|operate|train|deploy\w*|add|build|open\w*|clos\w+)\b",
    re.IGNORECASE,
)


def opinion_strength(text: str) -> float:
    """How strongly ``text`` judges rather than reports, in [0, 1]."""
    strength = 0.0
    for pattern, weight in _OPINION_MARKERS:
        if pattern.search(text):
            strength += weight
    if _FACTUAL.search(text):
        strength -= 0.3
    return max(0.0, min(1.0, strength))


def is_comparison(text: str) -> bool:
    return bool(_COMPARISON.search(text))


def is_prediction(text: str) -> bool:
    return bool(_PREDICTION.search(text))


def is_substantive(quantity: Quantity) -> bool:
    """A quantity worth checking: not a bare date, and not a small count written in words ("the two
    leaders", "three sides"), which describes rather than measures."""
    if quantity.kind == QuantityKind.DATE:
        return False
    spelled = not any(ch.isdigit() for ch in quantity.text)
    return not (quantity.kind == QuantityKind.COUNT and spelled and quantity.value < 11)


def classify(text: str, quantities: Sequence[Quantity], *, has_quote: bool) -> ClaimKind:
    """The kind of the statement ``text`` given its quantities and whether it quotes someone."""
    if any(is_substantive(q) for q in quantities):
        return ClaimKind.STATISTIC
    if is_comparison(text):
        return ClaimKind.COMPARISON
    if opinion_strength(text) >= 0.45:
        return ClaimKind.OPINION
    if is_prediction(text):
        return ClaimKind.PROMISE
    if has_quote:
        return ClaimKind.QUOTE
    return ClaimKind.EVENT
