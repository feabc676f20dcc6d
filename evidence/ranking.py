"""Rank evidence for a claim and check its numbers. Pure: strings and dataclasses in and out.

The score of a candidate adds up, each part with a sentence in ``reasons``:

* **relevance** (up to 0.45): BM25 over the claim's content words, with document frequencies taken
  from the claim's own pool of candidates (a term every candidate shares tells little), term
  frequency saturation (``K1``) and length normalisation (``B``) as in Okapi BM25;
* **entities** (up to 0.15): the claim's names (capitalised words: places, people, organisations)
  found in the candidate;
* **speaker** (0.05): the speaker's name found in the candidate;
* **recency** (up to 0.1): a source from about the claim's time counts more than an old one;
* **numbers** (0.25): numbers in the candidate compared with the claim's quantities, same unit
  and subject: within the tolerance it *agrees*, otherwise it *disagrees*. Either way the
  candidate is worth reading first, so both raise the score; ``agreement_detail`` keeps the pairs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from claims.extraction.quantities import extract_quantities
from claims.extraction.sentences import split_sentences
from claims.extraction.types import Bound, Change, Quantity, QuantityKind

K1 = 1.2
B = 0.75
RELEVANCE_WEIGHT = 0.45
ENTITY_WEIGHT = 0.15
SPEAKER_WEIGHT = 0.05
RECENCY_WEIGHT = 0.10
NUMBER_WEIGHT = 0.25
PROVIDER_WEIGHT = 0.05  # the provider's own relevance, when it has one (full-text rank)
# Relative tolerance for "the same number": exact statements allow rounding, "about" more.
TOLERANCE = 0.05
APPROX_TOLERANCE = 0.08

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no nor not
    now of off on once only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours said says say told mr mrs ms dr per cent
    percent would year years one two three new also including according""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_ENTITY = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)(?:[\s-](?:[A-Z][a-z]+|[A-Z]{2,}))*")
SNIPPET_CHARS = 500
# A share of something the quantity reader does not name ("20% of their defence budgets"): not GDP.
_OF_ELSE = re.compile(r"\s+of\s+\w")
_BARRIER = re.compile(r"[.,;:!?()\"“”0-9]")
_ENTITY_NOISE = frozenset(
    {
        "The",
        "A",
        "An",
        "It",
        "He",
        "She",
        "They",
        "We",
        "In",
        "On",
        "At",
        "But",
        "And",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "This",
        "That",
        "Asked",
        "During",
        "With",
        "After",
    }
)


class Agreement(StrEnum):
    AGREES = "agrees"
    DISAGREES = "disagrees"
    MIXED = "mixed"
    NONE = "none"


@dataclass(frozen=True)
class ClaimForRanking:
    text: str
    speaker: str | None = None
    quantities: tuple[Quantity, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class CandidateForRanking:
    title: str
    snippet: str
    published: dt.date | None = None
    quantities: tuple[Quantity, ...] = ()  # structured numbers from the provider, besides the snippet's
    provider_score: float | None = None  # in [0, 1] when given
    # The fused full-text + dense relevance of the candidate's best passage (evidence.relevance), and
    # the dense cosine alone; None for candidates stored before passages had embeddings.
    relevance: float | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class NumberCheck:
    """One comparison of a claim quantity with a number in the evidence."""

    claim_text: str
    evidence_text: str
    verdict: Agreement
    claim_value: float
    evidence_value: float
    unit: str

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim_text,
            "evidence": self.evidence_text,
            "verdict": self.verdict.value,
            "claim_value": self.claim_value,
            "evidence_value": self.evidence_value,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Ranked:
    score: float
    reasons: tuple[str, ...]
    agreement: Agreement
    checks: tuple[NumberCheck, ...] = field(default=())

    @property
    def agreement_detail(self) -> list[dict[str, object]]:
        return [check.as_dict() for check in self.checks]


# --------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------


# Counted nouns that name the same thing, so "54,000 military personnel" can check "55,000 troops".
NOUN_SYNONYMS = {
    "personnel": "troop",
    "soldier": "troop",
    "servicemember": "troop",
    "service member": "troop",
    "member": "troop",
    "people": "person",
    "resident": "person",
    "inhabitant": "person",
}


def stem(word: str) -> str:
    """A light English stemmer: enough that "troops"/"troop", "spending"/"spend" and "forces"/"force" meet.

    After the suffix, a final "e" goes too ("force", "forced", "forces" → "forc").
    """
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    word = word[:-1] if word.endswith("e") and len(word) > 3 else word
    # American and British spellings meet: defense/defence, license/licence (both → "defenc").
    return word[:-1] + "c" if word.endswith("ens") and len(word) > 4 else word


_SYNONYM_STEMS = {stem(word): stem(noun) for word, noun in NOUN_SYNONYMS.items()}


_GDP = re.compile(r"\bgross\s+domestic\s+product\b", re.IGNORECASE)


def terms(text: str) -> list[str]:
    """Content words of ``text``, lower-cased and stemmed, in order (repeats kept).

    "gross domestic product" is the one word "gdp", as the quantities read it.
    """
    text = _GDP.sub("GDP", text)
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1]


def query_terms(text: str, *, limit: int = 12) -> list[str]:
    """The words to search for a claim: names first, then the longest content words, no repeats.

    Returned unstemmed (search engines stem themselves), lower-case except names.
    """
    seen: set[str] = set()
    chosen: list[str] = []
    for name in entities(text):
        for part in name.split():
            key = part.lower()
            if key not in seen and key not in STOPWORDS:
                seen.add(key)
                chosen.append(part)
    plain = (w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(text))
    words = sorted({w for w in plain if w not in STOPWORDS and len(w) > 2}, key=lambda w: (-len(w), w))
    for word in words:
        if word not in seen:
            seen.add(word)
            chosen.append(word)
    return chosen[:limit]


def entities(text: str) -> list[str]:
    """Capitalised names in ``text`` ("Japan", "U.S. Forces Japan", "Pete Hegseth"), first mention order."""
    found: list[str] = []
    for match in _ENTITY.finditer(text):
        name = match.group(0).strip()
        words = [w for w in name.split() if w not in _ENTITY_NOISE]
        if not words:
            continue
        name = " ".join(words)
        if name not in found:
            found.append(name)
    return found


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def _unit_key(q: Quantity) -> str | None:
    """What a quantity measures, for "same unit": percent, a currency, a counted noun, a measure unit."""
    if q.kind == QuantityKind.DATE:
        return None  # years are when, not how much
    if q.kind == QuantityKind.PERCENT:
        return "percent"
    if q.kind == QuantityKind.MONEY:
        return f"money:{q.currency or q.unit or '?'}"
    if q.kind == QuantityKind.MEASURE:
        return f"measure:{q.unit}"
    if q.kind == QuantityKind.RATIO:
        return "ratio"
    return "count"


def _subject_matches(claim_q: Quantity, evidence_q: Quantity, evidence_text: str) -> bool:
    """Same subject: a percentage of the same thing (GDP), a count of the same noun (troops).

    When the evidence number does not say, the subject word appearing in the evidence is enough;
    when the claim does not say either, the unit alone decides.
    """
    if claim_q.kind == QuantityKind.PERCENT:
        a, b = (claim_q.of or "").lower(), (evidence_q.of or "").lower()
    elif claim_q.kind == QuantityKind.COUNT:
        a, b = _noun(claim_q.noun), _noun(evidence_q.noun)
    else:
        return True
    if a and b:
        return a == b
    if a and not b:
        return a in {stem(w) for w in _WORD.findall(evidence_text)} or a in evidence_text.lower()
    return True


def _noun(noun: str | None) -> str:
    key = stem(noun or "")
    return _SYNONYM_STEMS.get(key, key)


def _tolerance(q: Quantity) -> float:
    return APPROX_TOLERANCE if q.bound == Bound.APPROX else TOLERANCE


def _agrees(claim_q: Quantity, evidence_q: Quantity) -> bool:
    """Whether the evidence value is the claim's value, allowing for bounds, ranges and rounding."""
    tol = max(_tolerance(claim_q), _tolerance(evidence_q))
    low = evidence_q.value
    high = evidence_q.value_to if evidence_q.value_to is not None else evidence_q.value
    low, high = min(low, high) * (1 - tol), max(low, high) * (1 + tol)
    value = claim_q.value
    if claim_q.bound == Bound.AT_LEAST:
        return high >= value
    if claim_q.bound == Bound.AT_MOST:
        return low <= value
    if claim_q.value_to is not None:  # the claim gives a range: any overlap agrees
        return not (claim_q.value_to < low or value > high)
    return low <= value <= high


def check_numbers(
    claim_quantities: Sequence[Quantity], evidence_text: str, extra: Sequence[Quantity] = (), *, context: str = ""
) -> tuple[Agreement, tuple[NumberCheck, ...]]:
    """Compare the claim's quantities with the numbers in ``evidence_text`` (and ``extra``).

    ``context`` (the source's title) is read for subjects only: under "NATO's 2% of GDP guideline"
    a passage's bare "2% guideline" is a share of GDP.

    Each claim quantity agrees if some evidence number of the same unit and subject is within the
    tolerance; otherwise it disagrees if some such number differs. A target ("to at least 3%") is
    a plan, not a measurement: it can agree with the evidence but is never marked as contradicted.
    """
    read = extract_quantities(evidence_text)
    # "from 2% of GDP to at least 3%": the second percentage is of GDP too.
    share_of = next((q.of for q in claim_quantities if q.kind == QuantityKind.PERCENT and q.of), None)
    claim_quantities = [
        replace(q, of=share_of) if q.kind == QuantityKind.PERCENT and not q.of and share_of else q
        for q in claim_quantities
    ]
    checks: list[NumberCheck] = []
    verdicts: set[Agreement] = set()
    for claim_q in claim_quantities:
        unit = _unit_key(claim_q)
        if unit is None:
            continue
        # Structured values (a World Bank series) are exact; the snippet shows them rounded.
        around = f"{context} {evidence_text}"
        comparable = [e for e in extra if _unit_key(e) == unit and _subject_matches(claim_q, e, around)] or [
            e
            for e in read
            if _unit_key(e) == unit
            and _subject_matches(claim_q, e, around)
            and not (claim_q.of and not e.of and _OF_ELSE.match(evidence_text, e.end))
        ]
        if not comparable:
            continue
        agreeing = [e for e in comparable if _agrees(claim_q, e)]
        if agreeing:
            chosen, verdict = agreeing[0], Agreement.AGREES
        elif claim_q.change == Change.TO:
            continue
        else:
            chosen, verdict = min(comparable, key=lambda e: abs(e.value - claim_q.value)), Agreement.DISAGREES
        verdicts.add(verdict)
        checks.append(NumberCheck(claim_q.text, chosen.text, verdict, claim_q.value, chosen.value, unit.split(":")[-1]))
    if not verdicts:
        return Agreement.NONE, ()
    if len(verdicts) > 1:
        return Agreement.MIXED, tuple(checks)
    return verdicts.pop(), tuple(checks)


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------


def _bm25(query: list[str], docs: list[list[str]]) -> list[tuple[float, list[str]]]:
    """Okapi BM25 of each doc for the query terms, with document frequencies from ``docs`` itself."""
    n = len(docs)
    avg_len = (sum(len(d) for d in docs) / n) if n else 1.0
    df = Counter(t for d in docs for t in set(d))
    unique_query = list(dict.fromkeys(query))
    results = []
    for doc in docs:
        tf = Counter(doc)
        score, matched = 0.0, []
        for term in unique_query:
            if not tf[term]:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            norm = tf[term] * (K1 + 1) / (tf[term] + K1 * (1 - B + B * len(doc) / max(avg_len, 1.0)))
            score += idf * norm
            matched.append(term)
        results.append((score, matched))
    return results


def _ideal_bm25(query: list[str], n: int) -> float:
    """The score of a document holding every query term once, at average length: the scale of 1.0."""
    idf = math.log(1 + (n - 0.5) / 1.5) if n > 1 else math.log(1 + 0.5 / 1.5)
    return max(1e-9, len(set(query)) * idf)


def _recency(published: dt.date | None, claim_date: dt.date | None) -> tuple[float, str | None]:
    if published is None:
        return 0.0, None
    reference = claim_date or dt.date.today()
    years = (reference - published).days / 365.25
    if years < -0.1:  # after the claim: still useful (a later check), a little less
        return 0.7, f"published {published.isoformat()}, after the claim"
    value = 1.0 / (1.0 + max(0.0, years) / 2.0)
    if years < 1:
        return value, f"published {published.isoformat()}, within a year of the claim"
    return value, f"published {published.isoformat()}, {years:.0f} years before the claim"


def rank(claim: ClaimForRanking, candidates: Sequence[CandidateForRanking]) -> list[Ranked]:
    """Score every candidate of one claim (same order as given). Deterministic for the same input.

    ``reasons`` are clauses of one sentence, without end punctuation: the desk joins them with "; "
    ("matches 'troops stationed in Japan'; numbers disagree: 60,000 vs 55,000").
    """
    query = terms(claim.text)
    docs = [terms(f"{c.title} {c.snippet}") for c in candidates]
    relevance = _bm25(query, docs)
    scale = _ideal_bm25(query, len(candidates))
    claim_entities = [e for e in entities(claim.text) if not claim.speaker or e not in claim.speaker]
    speaker_names = _speaker_names(claim.speaker)
    results = []
    for candidate, (bm25, _) in zip(candidates, relevance, strict=True):
        text = f"{candidate.title} {candidate.snippet}"
        rel = candidate.relevance if candidate.relevance is not None else min(1.0, bm25 / scale)
        score = RELEVANCE_WEIGHT * rel
        phrases = matched_phrases(claim.text, text)
        reasons = [_match_clause(phrases, candidate.similarity)]
        shown = " ".join(phrases).lower()
        found = [e for e in claim_entities if e.lower() in text.lower()]
        if claim_entities and found:
            score += ENTITY_WEIGHT * len(found) / len(claim_entities)
            unsaid = [e for e in found if e.lower() not in shown]
            if unsaid:
                reasons.append(f"names {_and_list(unsaid[:4])}")
        if speaker_names and any(name in text for name in speaker_names):
            score += SPEAKER_WEIGHT
            reasons.append(f"mentions the speaker, {claim.speaker}")
        recency, why = _recency(candidate.published, claim.date)
        score += RECENCY_WEIGHT * recency
        if why:
            reasons.append(why)
        if candidate.provider_score is not None:
            score += PROVIDER_WEIGHT * max(0.0, min(1.0, candidate.provider_score))
        agreement, checks = check_numbers(
            claim.quantities, candidate.snippet, candidate.quantities, context=candidate.title
        )
        if agreement != Agreement.NONE:
            score += NUMBER_WEIGHT * (0.8 if agreement == Agreement.MIXED else 1.0)
            reasons.extend(_number_clause(check) for check in checks)
        results.append(Ranked(round(score, 4), tuple(reasons), agreement, checks))
    return results


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _match_clause(phrases: Sequence[str], similarity: float | None) -> str:
    if phrases:
        return "matches " + _and_list([f"'{phrase}'" for phrase in phrases])
    if similarity is not None and similarity >= 0.5:
        return f"close in meaning to the claim (similarity {similarity:.2f})"
    return "shares no words with the claim"


def _speaker_names(speaker: str | None) -> list[str]:
    if not speaker:
        return []
    parts = [p for p in speaker.split() if p[:1].isupper() and p not in _ENTITY_NOISE]
    # The full name, and the surname alone ("Mr. Hegseth" in later paragraphs).
    return list(dict.fromkeys([speaker, *(parts[-1:] if len(parts) > 1 else [])]))


def _figure(value: float, unit: str) -> str:
    """A number as a reader writes it: 55,000; 1.8%; USD 4,000,000."""
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("percent", "percentage points"):
        return f"{shown}%" if unit == "percent" else f"{shown} points"
    return f"{unit} {shown}" if len(unit) == 3 and unit.isupper() else shown


def _number_clause(check: NumberCheck) -> str:
    verdict = "agree" if check.verdict == Agreement.AGREES else "disagree"
    claim, source = _figure(check.claim_value, check.unit), _figure(check.evidence_value, check.unit)
    return f"numbers {verdict}: {claim} vs {source}"


def matched_phrases(claim: str, passage: str, *, limit: int = 3) -> list[str]:
    """Runs of the passage made of claim words (stopwords allowed inside), most claim words first, as written.

    Each stem is reported once: a run's words already reported in a longer run are trimmed from its
    ends ("Japan's defence", then "spending", not "defence spending"), and a run with nothing new
    is left out. Punctuation ends a run.
    """
    wanted = set(terms(claim))
    runs: list[list[tuple[int, int, str]]] = []  # each run: its claim words (start, end, stem)
    run: list[tuple[int, int, str]] = []
    for match in _WORD.finditer(passage):
        word = match.group()
        key = stem(word)
        joined = bool(run) and not _BARRIER.search(passage, run[-1][1], match.start())
        if key in wanted and word.lower() not in STOPWORDS:
            if run and not joined:
                runs.append(run)
                run = []
            run.append((match.start(), match.end(), key))
        elif not (joined and word.lower() in STOPWORDS):
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    runs.sort(key=lambda r: (-len({k for _, _, k in r}), r[0][0]))
    chosen: list[str] = []
    reported: set[str] = set()
    for words in runs:
        while words and words[0][2] in reported:
            words = words[1:]
        while words and words[-1][2] in reported:
            words = words[:-1]
        if not words:
            continue
        reported |= {k for _, _, k in words}
        chosen.append(passage[words[0][0] : words[-1][1]])
        if len(chosen) == limit:
            break
    return chosen


def order(ranked: Iterable[Ranked]) -> list[int]:
    """Positions (1 = best) for scores in the given order; ties keep the given order."""
    indexed = sorted(enumerate(ranked), key=lambda pair: (-pair[1].score, pair[0]))
    positions = [0] * len(indexed)
    for position, (index, _) in enumerate(indexed, start=1):
        positions[index] = position
    return positions


def best_sentences(text: str, claim_terms: set[str], *, limit: int = SNIPPET_CHARS) -> str:
    """The sentences of ``text`` sharing most terms with the claim (numbers break ties), in text order."""
    # The extraction's sentence splitter: "U.S." and "Mr." never end a sentence.
    sentences = [s.strip() for s in split_sentences(" ".join(text.split())) if s.strip()]
    if not sentences:
        return ""
    scored = sorted(
        range(len(sentences)),
        key=lambda i: (-len(claim_terms & set(terms(sentences[i]))), -bool(re.search(r"\d", sentences[i])), i),
    )
    chosen: list[int] = []
    length = 0
    for index in scored:
        if length + len(sentences[index]) > limit and chosen:
            break
        chosen.append(index)
        length += len(sentences[index]) + 1
    snippet = " ".join(sentences[i] for i in sorted(chosen))
    return snippet if len(snippet) <= limit else snippet[: limit - 1].rsplit(" ", 1)[0] + "…"
