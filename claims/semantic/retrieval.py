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
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from claims.extraction.checkworthiness import normalise_text
from claims.extraction.quantities import extract_quantities
from claims.extraction.types import Bound, Quantity, QuantityKind
from claims.semantic.encoder import encode

__all__ = [
    "AUTO_THRESHOLD",
    "CANDIDATES_DENSE",
    "CANDIDATES_LEXICAL",
    "SUGGEST_THRESHOLD",
    "Candidate",
    "CorpusStats",
    "Scored",
    "combine_vectors",
    "document_vectors",
    "is_automatic",
    "query_text",
    "query_vectors",
    "rank",
    "terms",
]

# Chosen on the train tweets' out-of-fold scores by bench/claim_retrieval_train.py (docs/retrieval.md):
# SUGGEST keeps the right claim among the suggestions for 90 % of tweets; AUTO is the lowest score at
# which 95 % of the automatic links are right when half the queries have no fact-check to find
# (99 % when every query has one; 60 % of the tweets that have one are linked).
SUGGEST_THRESHOLD = 0.04
AUTO_THRESHOLD = 0.78
CANDIDATES_DENSE = 50
CANDIDATES_LEXICAL = 50

AGREE, DISAGREE, NONE = "agree", "disagree", "none"
EXPLAINED = 10  # the best candidates get a shared phrase in their reason; the rest a short one
CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class Candidate:
    key: Any  # opaque here, e.g. ("factcheck", 17); copies of one fact-check are ordered by it
    text: str  # the claim reviewed
    title: str = ""  # the fact-check article's title, if any
    dense: float = 0.0  # cosine of the normalised query and candidate vectors
    # The full-text score when the candidate was a full-text hit, else None. Accepted, not scored:
    # rank() computes its own BM25 from the texts, so PostgreSQL and SQLite rank alike.
    lexical: float | None = None


@dataclass(frozen=True)
class Scored:
    key: Any
    score: float  # 0..1
    numbers: str  # "agree" | "disagree" | "none"
    reason: str


@dataclass(frozen=True)
class CorpusStats:
    """Document frequencies of :func:`terms` over the archive (claim and title); optional."""

    documents: int
    document_frequency: Mapping[str, int]


# --------------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+", re.IGNORECASE)
_MENTION_OR_TAG = re.compile(r"[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_WORD = re.compile(r"[a-z0-9]+")
# A single quote that opens or closes a quotation: not between two letters ("Trump's" keeps its own).
_SINGLE_QUOTE = re.compile(r"(?<![A-Za-z0-9])'|'(?![A-Za-z0-9])")
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
    """``text`` with links dropped, ``@handles``/``#hashtags`` split into words ("#FakeNews" -> "Fake
    News") and quotation marks made one kind (``'so'``, ``“so”`` and ``"so"`` read alike; an
    apostrophe inside a word stays)."""
    text = normalise_text(text)
    text = _SINGLE_QUOTE.sub('"', text)
    text = _URL.sub(" ", text)
    text = _MENTION_OR_TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", text)
    return " ".join(text.split())


def query_text(text: str) -> str:
    """What to give the encoder for a query (the vector behind :attr:`Candidate.dense`)."""
    return clean(text)


# A fact-check's vector is its claim's plus half its title's, normalised: on the CheckThat! train
# tweets that lifts dense-only MAP@5 from 0.827 (claim alone) to 0.846, where encoding claim and
# title as one text gives 0.807 (see docs/retrieval.md).
TITLE_VECTOR_WEIGHT = 0.5


def combine_vectors(text_vectors: npt.NDArray[np.float32], title_vectors: npt.NDArray[np.float32]) -> Any:
    """Normalised ``text + TITLE_VECTOR_WEIGHT * title`` per row (a row of zeros for a missing title)."""
    combined = text_vectors.astype(np.float32) + TITLE_VECTOR_WEIGHT * title_vectors.astype(np.float32)
    norms = np.linalg.norm(combined, axis=1, keepdims=True)
    return np.divide(combined, norms, out=np.zeros_like(combined), where=norms > 0)


def document_vectors(texts: Sequence[str], titles: Sequence[str]) -> Any:
    """The vectors to store for archived fact-checks (claim reviewed, article title), float32, 384 wide."""
    text_vectors = encode([clean(t) for t in texts])
    title_vectors = np.zeros_like(text_vectors)
    with_title = [i for i, title in enumerate(titles) if clean(title)]
    if with_title:
        title_vectors[with_title] = encode([clean(titles[i]) for i in with_title])
    return combine_vectors(text_vectors, title_vectors)


def query_vectors(texts: Sequence[str]) -> Any:
    """The vectors to compare with :func:`document_vectors` for queries (claims, tweets)."""
    return encode([query_text(t) for t in texts])


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
    return list(_terms(text))


# Archived claims come back as candidates again and again: their words and numbers are read once.
@lru_cache(maxsize=CACHE_SIZE)
def _terms(text: str) -> tuple[str, ...]:
    text = _THOUSANDS.sub("", clean(text).lower())
    return tuple(_stem(w) for w in _WORD.findall(text) if w not in STOPWORDS)


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------


# A tweet's signature ("— Jane Doe (@jane) March 3, 2019") and any handle or hashtag carry numbers
# that are not the claim's (a posting date, "@jamie10").
_SIGNATURE = re.compile(r"\s[—–-]+\s[^—–]{0,80}\(@\w+\)\s+\w+\.? \d{1,2},? \d{4}.*$", re.DOTALL)
_HANDLE_OR_TAG = re.compile(r"[@#]\w+")
_SCALE = re.compile(r"\b(?:Hundred|Thousand|Million|Billion|Trillion|HUNDRED|THOUSAND|MILLION|BILLION|TRILLION)\b")


@dataclass(frozen=True)
class _Number:
    quantity: Quantity
    about: frozenset[str]  # the counted noun and the words after the number, folded


@lru_cache(maxsize=CACHE_SIZE)
def _numbers(text: str) -> tuple[_Number, ...]:
    text = unicodedata.normalize("NFKC", text)
    text = _HANDLE_OR_TAG.sub(" ", _URL.sub(" ", _SIGNATURE.sub("", text)))
    text = _SCALE.sub(lambda m: m.group(0).lower(), text)  # "$76 Billion" reads as "$76 billion"
    found = []
    for q in extract_quantities(text):
        # Dates are left out: a tweet's date says when it was posted, not what it claims.
        if q.kind == QuantityKind.DATE:
            continue
        # What it counts: the noun the extractor found and the word after ("55,000 US troops").
        following = _SURFACE.findall(text[q.end : q.end + 30])[:1]
        words = [q.noun] if q.noun else [*following, *_SURFACE.findall(text[q.end : q.end + 30])[1:2]]
        words += following if q.noun else []
        about = frozenset(_fold(w) for w in words if _fold(w) not in STOPWORDS and not w[0].isdigit())
        found.append(_Number(q, about))
    return tuple(found)


def _close(a: Quantity, b: Quantity) -> bool:
    low_a, high_a = a.value, a.value_to if a.value_to is not None else a.value
    low_b, high_b = b.value, b.value_to if b.value_to is not None else b.value
    # Plain numbers must be within 2 %; "about", "at least", "up to" allow 10 %.
    share = 0.02 if a.bound in (Bound.EQ, None) and b.bound in (Bound.EQ, None) else 0.10
    tolerance = share * max(abs(low_a), abs(high_a), abs(low_b), abs(high_b), 1e-9)
    return low_a <= high_b + tolerance and low_b <= high_a + tolerance


def _comparable(a: _Number, b: _Number) -> bool:
    """Two numbers speak of the same thing: same kind, same currency or unit, and a count of the same
    noun ("60,000 troops" and "55,000 US troops", not "two children" and "three migrants")."""
    x, y = a.quantity, b.quantity
    if x.kind != y.kind:
        return False
    if x.kind == QuantityKind.MONEY:
        return not (x.currency and y.currency and x.currency != y.currency)
    if x.kind == QuantityKind.MEASURE:
        return not (x.unit and y.unit and x.unit != y.unit)
    if x.kind == QuantityKind.COUNT:
        return bool(a.about & b.about)
    return True


def numbers_agree(query: str, candidate: str) -> tuple[str, str]:
    """``("agree"|"disagree"|"none", detail)``. They disagree when a number in the query and one in the
    candidate speak of the same thing (:func:`_comparable`) and neither is close to any number of
    the other text (2 %, 10 % for "about"/"at least"; ranges overlap); they agree when a pair is close
    and none disagrees; else "none" (no numbers, or nothing to compare)."""
    asked = _numbers(query)
    if not asked:
        return NONE, ""
    found = _numbers(candidate)

    def matched(n: _Number, others: tuple[_Number, ...]) -> bool:
        return any(_comparable(n, o) and _close(n.quantity, o.quantity) for o in others)

    for ours in asked:
        if matched(ours, found):
            continue
        for theirs in found:
            if _comparable(ours, theirs) and not matched(theirs, asked):
                return DISAGREE, f"{ours.quantity.text} vs {theirs.quantity.text}"
    agreeing = [theirs.quantity.text for theirs in found if matched(theirs, asked)]
    if agreeing:
        return AGREE, ", ".join(dict.fromkeys(agreeing))
    return NONE, ""


# --------------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------------

_SURFACE = re.compile(r"[A-Za-z0-9]+(?:['’.,][A-Za-z0-9]+)*")


def shared_phrase(query: str, candidate: str) -> str:
    """The longest run of words the candidate shares with the query (folded as :func:`terms` folds),
    trimmed to start and end on a content word; "" when they share no content word."""
    _, ours = _words(query)
    words, theirs = _words(candidate)
    where: dict[str, list[int]] = {}
    for j, word in enumerate(theirs):
        where.setdefault(word, []).append(j)
    best, best_end = 0, 0
    previous: dict[int, int] = {}
    for word in ours:
        # current[j]: length of the common run ending at our word and their word j
        current = {j: previous.get(j - 1, 0) + 1 for j in where.get(word, ())}
        for j, length in current.items():
            if length > best:
                best, best_end = length, j + 1
        previous = current
    run = list(words[best_end - best : best_end])
    while run and _fold(run[0]) in STOPWORDS:
        run = run[1:]
    while run and _fold(run[-1]) in STOPWORDS:
        run = run[:-1]
    return " ".join(run)


@lru_cache(maxsize=CACHE_SIZE)
def _words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    surface = tuple(_SURFACE.findall(clean(text)))
    return surface, tuple(_fold(w) for w in surface)


@lru_cache(maxsize=CACHE_SIZE)
def _fold(word: str) -> str:
    word = word.lower()
    return word if word in STOPWORDS else _stem(word)


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------

# The weights of a logistic regression over :data:`FEATURES`, fitted on the CheckThat! 2020 train
# tweets by ``bench/claim_retrieval_train.py`` (each tweet's 10 best candidates by cosine, C = 1,
# chosen by 5-fold cross-validation by tweet; see docs/retrieval.md); the score is its probability.
FEATURES = (
    "dense",
    "dense_gap",
    "dense_z",
    "candidate_cover",
    "title_cover",
    "query_cover",
    "bigram_cover",
    "bm25_relative",
    "numbers_agree",
    "numbers_disagree",
)
WEIGHTS = (1.3932, 3.7936, 2.1891, 2.2007, -0.0008, 3.2293, -0.7523, 5.0653, 1.4185, 0.0794)
BIAS = -11.6949
# Numbers that disagree halve the score, a rule rather than a weight: the fit gives them almost none
# (tweets loosely quote the numbers of the claim they repeat), but a reviewer should see such a
# candidate lower, and is_automatic() refuses it whatever its score.
DISAGREE_FACTOR = 0.5
BM25_K1 = 1.2
BM25_B = 0.75


def _idf_table(
    query_terms: Sequence[str], documents: Sequence[Sequence[str]], corpus: CorpusStats | None
) -> dict[str, float]:
    """IDF of every term met, from the archive's frequencies, else from the candidates themselves."""
    if corpus is not None and corpus.documents > 0:
        size, frequency = corpus.documents, corpus.document_frequency
    else:
        counts: dict[str, int] = {}
        for doc in documents:
            for term in set(doc):
                counts[term] = counts.get(term, 0) + 1
        size, frequency = max(len(documents), 1), counts
    table: dict[str, float] = {}
    for term in {*query_terms, *(t for doc in documents for t in doc)}:
        df = min(frequency.get(term, 0), size)
        table[term] = math.log(1.0 + (size - df + 0.5) / (df + 0.5))
    return table


def _cover(part: set[str], whole: set[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted share of ``part``'s terms that are in ``whole``."""
    total = sum(idf[t] for t in part)
    return sum(idf[t] for t in part if t in whole) / total if total else 0.0


def _bigrams(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(words))


def features(
    query: str, candidates: Sequence[Candidate], corpus: CorpusStats | None = None
) -> tuple[npt.NDArray[np.float64], list[tuple[str, str]]]:
    """The :data:`FEATURES` matrix (one row a candidate) and each candidate's numbers verdict and detail."""
    n = len(candidates)
    matrix = np.zeros((n, len(FEATURES)))
    if n == 0:
        return matrix, []
    query_list = terms(query)
    query_set, query_bigrams = set(query_list), _bigrams(query_list)
    texts = [terms(c.text) for c in candidates]
    titles = [terms(c.title) for c in candidates]
    idf = _idf_table(query_list, [t + h for t, h in zip(texts, titles, strict=True)], corpus)
    dense = np.array([c.dense for c in candidates], dtype=np.float64)
    lengths = np.array([len(t) + len(h) for t, h in zip(texts, titles, strict=True)], dtype=np.float64)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(float(lengths.mean()), 1e-9))
    bm25 = np.zeros(n)
    numbers: list[tuple[str, str]] = []
    for i, candidate in enumerate(candidates):
        words = texts[i] + titles[i]
        counts: dict[str, int] = {}
        for term in words:
            if term in query_set:
                counts[term] = counts.get(term, 0) + 1
        bm25[i] = sum(idf[t] * f * (BM25_K1 + 1) / (f + norm[i]) for t, f in counts.items())
        text_set = set(texts[i])
        matrix[i, 3] = _cover(text_set, query_set, idf)
        matrix[i, 4] = _cover(set(titles[i]), query_set, idf)
        matrix[i, 5] = _cover(query_set, text_set | set(titles[i]), idf)
        own_bigrams = _bigrams(texts[i])
        matrix[i, 6] = len(own_bigrams & query_bigrams) / len(own_bigrams) if own_bigrams else 0.0
        verdict = numbers_agree(query, candidate.text)
        numbers.append(verdict)
        matrix[i, 8] = verdict[0] == AGREE
        matrix[i, 9] = verdict[0] == DISAGREE
    matrix[:, 0] = dense
    matrix[:, 1] = dense - dense.max()
    matrix[:, 2] = (dense - dense.mean()) / dense.std() if n > 1 and dense.std() > 0 else 0.0
    matrix[:, 7] = bm25 / bm25.max() if bm25.max() > 0 else 0.0
    return matrix, numbers


def probability(matrix: npt.NDArray[np.float64], weights: Sequence[float] = WEIGHTS, bias: float = BIAS) -> Any:
    logits = matrix @ np.asarray(weights, dtype=np.float64) + bias
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0)))


def _reason(query: str, candidate: Candidate, numbers: str, detail: str, *, explain: bool) -> str:
    phrases = (shared_phrase(query, candidate.text), shared_phrase(query, candidate.title)) if explain else ("",)
    phrase = max(phrases, key=lambda p: len(p.split()))
    if phrase:
        parts = [f"same wording on '{phrase}'"]
    elif explain:
        parts = [f"close in meaning (similarity {candidate.dense:.2f})"]
    else:
        parts = [f"ranked below the first {EXPLAINED} (similarity {candidate.dense:.2f})"]
    if numbers == AGREE:
        parts.append(f"numbers agree: {detail}")
    elif numbers == DISAGREE:
        parts.append(f"numbers disagree: {detail}")
    return "; ".join(parts)


def rank(query: str, candidates: Sequence[Candidate], *, corpus: CorpusStats | None = None) -> list[Scored]:
    """Score every candidate for ``query`` (0..1, the probability of being the same claim) and return
    them best first. ``corpus`` (document frequencies over :func:`terms` of the archive's claims and
    titles) weights rare words up; without it the candidates' own frequencies stand in."""
    matrix, numbers = features(query, candidates, corpus)
    scores = probability(matrix)
    scores[matrix[:, FEATURES.index("numbers_disagree")] > 0] *= DISAGREE_FACTOR
    scores, order = _copies_together(candidates, scores)
    return [
        Scored(
            candidates[i].key,
            float(scores[i]),
            numbers[i][0],
            _reason(query, candidates[i], *numbers[i], explain=position < EXPLAINED),
        )
        for position, i in enumerate(order)
    ]


def _copies_together(candidates: Sequence[Candidate], scores: Any) -> tuple[Any, list[int]]:
    """Scores and best-first order, one fact-check imported twice (the same claim and title up to
    case, quotation marks and punctuation) counted as one match: every copy gets the best copy's
    score, and copies follow one another by key (the first imported first, for ``(kind, id)`` keys;
    in the order given when keys do not compare), not by a rounding in their vectors."""
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
    for i, c in enumerate(candidates):
        groups.setdefault((_words(c.text)[1], _words(c.title)[1]), []).append(i)
    shared = np.array(scores, dtype=np.float64)
    place = list(range(len(candidates)))  # where each candidate stands among equal scores
    for members in groups.values():
        if len(members) < 2:
            continue
        shared[members] = max(float(scores[i]) for i in members)
        try:
            by_key = sorted(members, key=lambda i: candidates[i].key)
        except TypeError:
            by_key = members
        for slot, i in zip(members, by_key, strict=True):
            place[i] = slot
    return shared, sorted(range(len(candidates)), key=lambda i: (-shared[i], place[i]))


def is_automatic(s: Scored) -> bool:
    """A match strong enough to link without a person: above :data:`AUTO_THRESHOLD`, numbers not disagreeing."""
    return s.score >= AUTO_THRESHOLD and s.numbers != DISAGREE
