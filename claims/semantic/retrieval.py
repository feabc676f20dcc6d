"""Has this been checked before? Score the candidates the archive returned for a claim, best first.

Pure Python and numpy (no Django): the archive (database side) fetches candidates from two doors,
the top :data:`CANDIDATES_DENSE` by cosine of the encoder's vectors and the top
:data:`CANDIDATES_LEXICAL` by full-text rank, and passes their union here as :class:`Candidate`.
:func:`rank` scores each one from 0 to 1 (comparable to :data:`SUGGEST_THRESHOLD` and
:data:`AUTO_THRESHOLD`), checks that the numbers in the query and in the candidate agree, and
says why in a sentence a person can read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claims.extraction.quantities import extract_quantities
from claims.extraction.types import Quantity, QuantityKind

__all__ = [
    "AUTO_THRESHOLD",
    "CANDIDATES_DENSE",
    "CANDIDATES_LEXICAL",
    "SUGGEST_THRESHOLD",
    "Candidate",
    "CorpusStats",
    "Scored",
    "is_automatic",
    "rank",
    "terms",
]

SUGGEST_THRESHOLD = 0.55
AUTO_THRESHOLD = 0.85
CANDIDATES_DENSE = 50
CANDIDATES_LEXICAL = 50

AGREE, DISAGREE, NONE = "agree", "disagree", "none"


@dataclass(frozen=True)
class Candidate:
    key: Any  # opaque here, e.g. ("factcheck", 17)
    text: str  # the claim reviewed
    title: str = ""  # the fact-check article's title, if any
    dense: float = 0.0  # cosine of the normalised query and candidate vectors
    lexical: float | None = None  # the full-text score when the candidate was a full-text hit, else None


@dataclass(frozen=True)
class Scored:
    key: Any
    score: float  # 0..1
    numbers: str  # "agree" | "disagree" | "none"
    reason: str


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    document_frequency: Mapping[str, int]


# --------------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+", re.IGNORECASE)
_MENTION_OR_TAG = re.compile(r"[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_WORD = re.compile(r"[a-z0-9]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves rt via amp s t""".split()
)


def clean(text: str) -> str:
    """``text`` with links dropped and ``@handles``/``#hashtags`` split into words ("#FakeNews" -> "Fake News")."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    text = _MENTION_OR_TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", text)
    return " ".join(text.split())


def _stem(word: str) -> str:
    # A light plural/suffix fold, enough that "troops" meets "troop" and "studies" meets "study".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ws")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The content words of ``text`` as the scoring compares them: cleaned, lower-cased, stopwords
    dropped, plurals folded. Keep document frequencies over these."""
    text = _THOUSANDS.sub("", clean(text).lower())
    return [_stem(w) for w in _WORD.findall(text) if w not in STOPWORDS]


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------


def _quantities(text: str) -> list[Quantity]:
    # Dates are left out: a tweet carries the day it was posted, which says nothing about the claim.
    return [q for q in extract_quantities(clean(text)) if q.kind != QuantityKind.DATE]


def _close(a: Quantity, b: Quantity) -> bool:
    low_a, high_a = a.value, a.value_to if a.value_to is not None else a.value
    low_b, high_b = b.value, b.value_to if b.value_to is not None else b.value
    tolerance = 0.02 * max(abs(low_a), abs(high_a), abs(low_b), abs(high_b), 1e-9)
    return low_a <= high_b + tolerance and low_b <= high_a + tolerance


def _comparable(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == QuantityKind.MONEY and a.currency and b.currency and a.currency != b.currency:
        return False
    return not (a.kind == QuantityKind.MEASURE and a.unit and b.unit and a.unit != b.unit)


def numbers_agree(query: str, candidate: str) -> tuple[str, str]:
    """``("agree"|"disagree"|"none", detail)``: a candidate's quantity disagrees when the query has one
    of the same kind and none of them is close to it (2 %, ranges and bounds overlap)."""
    asked, found = _quantities(query), _quantities(candidate)
    matched: list[str] = []
    for theirs in found:
        peers = [ours for ours in asked if _comparable(ours, theirs)]
        if not peers:
            continue
        same = next((ours for ours in peers if _close(ours, theirs)), None)
        if same is None:
            return DISAGREE, f"{peers[0].text} vs {theirs.text}"
        matched.append(theirs.text)
    if matched:
        return AGREE, ", ".join(matched)
    return NONE, ""


# --------------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------------

_SURFACE = re.compile(r"[A-Za-z0-9]+(?:['’.,][A-Za-z0-9]+)*")


def shared_phrase(query: str, candidate: str) -> str:
    """The longest run of words the candidate shares with the query (folded as :func:`terms` folds),
    trimmed to start and end on a content word; "" when they share no content word."""
    ours = [_fold(w) for w in _SURFACE.findall(clean(query))]
    words = _SURFACE.findall(clean(candidate))
    theirs = [_fold(w) for w in words]
    best, best_end = 0, 0
    previous = [0] * (len(theirs) + 1)
    for a in ours:
        current = [0] * (len(theirs) + 1)
        for j, b in enumerate(theirs, 1):
            if a == b:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, best_end = current[j], j
        previous = current
    run = words[best_end - best : best_end]
    while run and _fold(run[0]) in STOPWORDS:
        run = run[1:]
    while run and _fold(run[-1]) in STOPWORDS:
        run = run[:-1]
    return " ".join(run)


def _fold(word: str) -> str:
    word = word.lower()
    return word if word in STOPWORDS else _stem(word)


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------

DENSE_WEIGHT = 0.75
OVERLAP_WEIGHT = 0.25
DISAGREE_FACTOR = 0.8


def _idf(term: str, corpus: CorpusStats | None) -> float:
    if corpus is None or corpus.documents <= 0:
        return 1.0
    df = corpus.document_frequency.get(term, 0)
    return math.log(1.0 + (corpus.documents - df + 0.5) / (df + 0.5))


def overlap(query_terms: set[str], candidate_terms: Sequence[str], corpus: CorpusStats | None) -> float:
    """Share of the candidate's content (IDF-weighted when ``corpus`` is given) found in the query."""
    unique = set(candidate_terms)
    if not unique:
        return 0.0
    total = sum(_idf(t, corpus) for t in unique)
    return sum(_idf(t, corpus) for t in unique if t in query_terms) / total if total else 0.0


def _reason(query: str, candidate: Candidate, numbers: str, detail: str) -> str:
    phrase = shared_phrase(query, candidate.text) or shared_phrase(query, candidate.title)
    parts = [f"same wording on '{phrase}'" if phrase else f"close in meaning (similarity {candidate.dense:.2f})"]
    if numbers == AGREE:
        parts.append(f"numbers agree: {detail}")
    elif numbers == DISAGREE:
        parts.append(f"numbers disagree: {detail}")
    return "; ".join(parts)


def rank(query: str, candidates: Sequence[Candidate], *, corpus: CorpusStats | None = None) -> list[Scored]:
    """Score every candidate for ``query`` (0..1) and return them best first."""
    query_terms = set(terms(query))
    scored: list[Scored] = []
    for candidate in candidates:
        words = terms(f"{candidate.text} {candidate.title}")
        score = DENSE_WEIGHT * max(candidate.dense, 0.0) + OVERLAP_WEIGHT * overlap(query_terms, words, corpus)
        numbers, detail = numbers_agree(query, candidate.text)
        if numbers == DISAGREE:
            score *= DISAGREE_FACTOR
        score = min(max(score, 0.0), 1.0)
        scored.append(Scored(candidate.key, score, numbers, _reason(query, candidate, numbers, detail)))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def is_automatic(s: Scored) -> bool:
    """A match strong enough to link without a person: above :data:`AUTO_THRESHOLD`, numbers not disagreeing."""
    return s.score >= AUTO_THRESHOLD and s.numbers != DISAGREE
