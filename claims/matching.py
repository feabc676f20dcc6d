"""Near-duplicate claims: MinHash signatures banded into keys that an index can look up.

Pure functions (no Django). A claim is reduced to its content words and its numbers; claims
that share at least one band key are candidates, and a candidate is a match when the two
token sets are similar enough *and* their numbers do not disagree. The band keys are stored
in an indexed table, so finding candidates among a million claims is a handful of index
probes, not a scan.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NUM_BANDS = 16
ROWS_PER_BAND = 2
NUM_HASHES = NUM_BANDS * ROWS_PER_BAND
# Similarity needed to call two claims the same statement.
MATCH_THRESHOLD = 0.5
# With numbers on both sides that all agree, less wording overlap is needed.
MATCH_THRESHOLD_SAME_NUMBERS = 0.3

_WORD = re.compile(r"[a-z][a-z'\-]*|\d+(?:[.,]\d+)*")
_STOPWORDS = frozenset(
    (
        "a an the and or but if of to in on at by for with from as is are was were be been being it its this that "
        "these those there their they them he she his her him we our us you your i me my not no so than then too "
        "very can could will would shall should may might must do does did done has have had having said says say "
        "told according about into over under after before also just more most less least some such only own same "
        "other which who whom whose what when where why how all any both each few many much per mr mrs ms dr"
    ).split()
)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}


# Spellings and phrasings that say the same thing (British/American, abbreviations).
_PHRASES = (
    (re.compile(r"gross domestic product"), "gdp"),
    (re.compile(r"\s*(?:per ?cent|percent)\b"), "%"),
    (re.compile(r"\bdefence\b"), "defense"),
    (re.compile(r"\blabour\b"), "labor"),
    (re.compile(r"\bprogramme\b"), "program"),
    (re.compile(r"\b(?:rise|raise|boost|increase)[sd]?\b"), "increase"),
    (re.compile(r"\b(?:cut|reduce|lower|decrease)[sd]?\b"), "decrease"),
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


def _stem(word: str) -> str:
    # A light suffix strip so "troops"/"troop" and "increased"/"increase" meet.
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def numbers_in(text: str) -> frozenset[float]:
    """Numbers as values ("$4 million" and "4,000,000" both give 4000000.0)."""
    tokens = _WORD.findall(_normalise(text))
    values: set[float] = set()
    for i, tok in enumerate(tokens):
        if not tok[0].isdigit():
            continue
        try:
            value = float(tok.replace(",", ""))
        except ValueError:
            continue
        if i + 1 < len(tokens) and tokens[i + 1] in _MULTIPLIERS:
            value *= _MULTIPLIERS[tokens[i + 1]]
        values.add(round(value, 6))
    return frozenset(values)


def tokens_of(text: str) -> frozenset[str]:
    """Content words (stemmed) and numbers of a claim."""
    out: set[str] = set()
    for tok in _WORD.findall(_normalise(text)):
        if tok[0].isdigit():
            out.add(tok.replace(",", ""))
        elif tok not in _STOPWORDS and len(tok) > 1:
            out.add(_stem(tok.strip("'-")))
    return frozenset(out)


def fingerprint(text: str) -> str:
    """Exact-duplicate key: the sorted token set, hashed."""
    return hashlib.sha256(" ".join(sorted(tokens_of(text))).encode()).hexdigest()


def _hash64(token: str, seed: int) -> int:
    digest = hashlib.blake2b(token.encode(), digest_size=8, salt=struct.pack("<Q", seed)).digest()
    return int.from_bytes(digest, "little")


def band_keys(tokens: Iterable[str]) -> list[int]:
    """MinHash the token set and fold each band of rows into one signed 63-bit key."""
    toks = list(tokens)
    if not toks:
        return []
    signature = [min(_hash64(t, seed) for t in toks) for seed in range(NUM_HASHES)]
    keys = []
    for band in range(NUM_BANDS):
        rows = signature[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        h = hashlib.blake2b(struct.pack(f"<B{ROWS_PER_BAND}Q", band, *rows), digest_size=8).digest()
        keys.append(int.from_bytes(h, "little", signed=True) >> 1)  # fits a signed BIGINT column
    return keys


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class MatchScore:
    similarity: float
    numbers_agree: bool | None  # None: one side has no numbers
    is_match: bool


def compare(text_a: str, text_b: str) -> MatchScore:
    """Is ``text_b`` the same statement as ``text_a``? Wording may differ; numbers may not."""
    sim = jaccard(tokens_of(text_a), tokens_of(text_b))
    nums_a, nums_b = numbers_in(text_a), numbers_in(text_b)
    if nums_a and nums_b:
        agree: bool | None = nums_a == nums_b
    else:
        agree = None if not (nums_a or nums_b) else False
    if agree is False:
        return MatchScore(sim, agree, False)
    threshold = MATCH_THRESHOLD_SAME_NUMBERS if agree else MATCH_THRESHOLD
    return MatchScore(sim, agree, sim >= threshold)
