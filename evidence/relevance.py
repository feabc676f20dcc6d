"""How relevant a passage is to a claim: full-text overlap and dense similarity, fused. Pure.

Strings and floats in, floats and strings out: no Django, no model. The dense similarity (the cosine
of two all-MiniLM-L6-v2 embeddings) is computed by the caller, so this module stays testable
without the encoder.

* :func:`split_passages` cuts a library document into the passages that get an embedding each:
  its paragraphs, and a long paragraph into runs of whole sentences (the one sentence splitter,
  :mod:`claims.extraction.sentences`, so "U.S." never ends a passage).
* :func:`lexical_overlap` is the share of the claim's content words the passage contains, each
  weighted by how rare it is in the library (:class:`TermStats`): under a claim about Japan's troops in
  a library about Japan, "troops" tells more than "Japan".
* :func:`fuse` weighs the two into one relevance in [0, 1]; the minimum a candidate needs to be
  listed is the ``EVIDENCE_MIN_RELEVANCE`` setting, chosen on labelled pairs
  (``bench/evidence_relevance.py``, ``tests/fixtures/evidence_relevance.tsv``).
* the reason a person reads ("matches 'troops stationed in Japan'") is
  :func:`evidence.ranking.matched_phrases`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claims.extraction.sentences import split_paragraphs, split_sentences
from evidence.ranking import terms

__all__ = [
    "DENSE_WEIGHT",
    "MAX_PASSAGE_CHARS",
    "Passage",
    "TermStats",
    "fuse",
    "lexical_overlap",
    "split_passages",
]

# A passage is at most this long unless one sentence is longer: about 100 words, well inside the
# encoder's 96-token window for most sentences and short enough to read as a snippet.
MAX_PASSAGE_CHARS = 600
# Weight of the dense cosine in the fused relevance; the rest is the lexical overlap. Chosen with the
# minimum on the labelled pairs (bench/evidence_relevance.py prints the grid).
DENSE_WEIGHT = 0.1


@dataclass(frozen=True)
class Passage:
    """A piece of a document: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str


def split_passages(text: str, *, max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Paragraphs of ``text``; one longer than ``max_chars`` becomes runs of whole sentences."""
    passages: list[Passage] = []
    for p_start, p_end in split_paragraphs(text):
        paragraph = text[p_start:p_end]
        if len(paragraph) <= max_chars:
            passages.append(Passage(p_start, p_end, paragraph))
            continue
        run_start: int | None = None
        run_end = p_start
        cursor = p_start
        for sentence in split_sentences(paragraph):
            s_start = text.index(sentence, cursor)
            s_end = s_start + len(sentence)
            cursor = s_end
            if run_start is not None and s_end - run_start > max_chars:
                passages.append(Passage(run_start, run_end, text[run_start:run_end]))
                run_start = None
            if run_start is None:
                run_start = s_start
            run_end = s_end
        if run_start is not None:
            passages.append(Passage(run_start, run_end, text[run_start:run_end]))
    return [p for p in passages if p.text.strip()]


@dataclass(frozen=True)
class TermStats:
    """How many passages of the library hold each term: rare words weigh more (inverse document frequency)."""

    frequencies: Mapping[str, int]
    passages: int

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TermStats:
        counts: Counter[str] = Counter()
        total = 0
        for text in texts:
            counts.update(set(terms(text)))
            total += 1
        return cls(dict(counts), total)

    def weight(self, term: str) -> float:
        return math.log(1.0 + (self.passages + 1) / (self.frequencies.get(term, 0) + 0.5))


def lexical_overlap(claim: str, passage: str, stats: TermStats | None = None) -> float:
    """Share of the claim's content words (stemmed) found in the passage, each weighted by its rarity
    in the library (``stats``; without them every word counts the same)."""
    wanted = {term: stats.weight(term) if stats else 1.0 for term in terms(claim)}
    total = sum(wanted.values())
    if not total:
        return 0.0
    present = set(terms(passage))
    return sum(weight for term, weight in wanted.items() if term in present) / total


def fuse(lexical: float, dense: float | None) -> float:
    """One relevance in [0, 1] from the lexical overlap and the dense cosine (None: lexical alone)."""
    if dense is None:
        return round(max(0.0, min(1.0, lexical)), 4)
    value = DENSE_WEIGHT * max(0.0, dense) + (1.0 - DENSE_WEIGHT) * lexical
    return round(max(0.0, min(1.0, value)), 4)
