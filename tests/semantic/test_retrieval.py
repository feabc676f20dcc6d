"""Claim retrieval: candidates scored 0..1, numbers that must agree, reasons a person can read."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claims.semantic import retrieval
from claims.semantic.retrieval import Candidate, CorpusStats, Scored

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "claim_retrieval_sample.tsv"

JAPAN = "The United States has 55,000 troops stationed in Japan."


def candidate(key: str, text: str, dense: float, lexical: float | None = None, title: str = "") -> Candidate:
    return Candidate(key=key, text=text, title=title, dense=dense, lexical=lexical)


def test_terms_clean_tweets_and_fold_plurals() -> None:
    words = retrieval.terms("RT @realDonaldTrump: #FakeNews! 55,000 troops https://t.co/x pic.twitter.com/abc")
    assert words == ["real", "donald", "trump", "fake", "news", "55000", "troop"]


def test_rank_puts_the_same_claim_first_and_scores_in_unit_interval() -> None:
    query = "Did you know 55,000 American troops are stationed in Japan?"
    ranked = retrieval.rank(
        query,
        [
            candidate("nato", "NATO members must spend 2% of GDP on defence.", 0.21),
            candidate("japan", JAPAN, 0.83, lexical=0.4),
            candidate("korea", "The United States keeps 28,500 troops in South Korea.", 0.62, lexical=0.1),
        ],
    )
    assert [s.key for s in ranked] == ["japan", "korea", "nato"]
    assert all(0.0 <= s.score <= 1.0 for s in ranked)
    assert ranked[0].numbers == "agree" and ranked[0].score >= retrieval.SUGGEST_THRESHOLD
    assert ranked[-1].score < retrieval.SUGGEST_THRESHOLD


def test_numbers_that_disagree_block_an_automatic_match_and_lower_the_score() -> None:
    same = candidate("same", JAPAN, 0.97, lexical=1.0)
    other = candidate("other", JAPAN.replace("55,000", "60,000"), 0.97, lexical=1.0)
    by_key = {s.key: s for s in retrieval.rank(JAPAN, [same, other])}
    assert by_key["same"].numbers == "agree" and by_key["other"].numbers == "disagree"
    assert by_key["other"].score < by_key["same"].score
    assert not retrieval.is_automatic(by_key["other"])
    assert not retrieval.is_automatic(Scored("x", 1.0, "disagree", ""))
    assert retrieval.is_automatic(Scored("x", retrieval.AUTO_THRESHOLD, "agree", ""))
    assert retrieval.is_automatic(Scored("x", retrieval.AUTO_THRESHOLD, "none", ""))
    assert not retrieval.is_automatic(Scored("x", retrieval.AUTO_THRESHOLD - 0.01, "agree", ""))


@pytest.mark.parametrize(
    ("query", "claim", "verdict"),
    [
        ("About 60,000 troops are in Japan", "55,000 US troops are stationed in Japan.", "agree"),
        ("There are 60,000 troops in Japan", "55,000 US troops are stationed in Japan.", "disagree"),
        ("Two children held up their arms", "Three migrants were photographed at the border.", "none"),
        ("Nike: we are a $76 Billion company", "Nike said it was a $76 billion company.", "agree"),
        ("William Macy died — Jamie (@jamie10) March 12, 2017", "Actor William H. Macy died aged 66.", "none"),
        ("Taxes went up", "Taxes rose by 3% in 2019.", "none"),
    ],
)
def test_numbers_agree_only_compares_numbers_about_the_same_thing(query: str, claim: str, verdict: str) -> None:
    assert retrieval.numbers_agree(query, claim)[0] == verdict


def test_reason_names_the_shared_wording_and_the_numbers() -> None:
    (scored,) = retrieval.rank("There are 60,000 troops stationed in Japan", [candidate("j", JAPAN, 0.9)])
    assert (
        scored.reason == "same wording on 'troops stationed in Japan'; numbers disagree: 60,000 troops vs 55,000 troops"
    )
    (unrelated,) = retrieval.rank("Vaccines cause autism", [candidate("v", "MMR shots are linked to autism.", 0.71)])
    assert unrelated.reason.startswith("same wording on 'autism'")
    (meaning,) = retrieval.rank(
        "The moon landing was faked", [candidate("m", "Apollo 11 never reached the moon.", 0.6)]
    )
    assert "moon" in meaning.reason
    (none,) = retrieval.rank("Fish can fly", [candidate("n", "Elephants are afraid of mice.", 0.1)])
    assert none.reason == "close in meaning (similarity 0.10)"


def test_copies_of_one_fact_check_score_alike_the_first_imported_first() -> None:
    said = "Trump said: 'Kim Jong Un is smarter than Sleepy Joe Biden.'"
    copy = 'Trump said: "Kim Jong Un is smarter than Sleepy Joe Biden."'
    query = "Trump: Kim Jong Un is smarter than Sleepy Joe Biden"
    assert retrieval.clean(said) == retrieval.clean(copy)
    older = Candidate(("factcheck", 9), copy, dense=0.80)
    newer = Candidate(("factcheck", 12), said, dense=0.82)
    other = Candidate(("claim", 1), "Biden is asleep.", dense=0.5)
    for given in ([older, newer, other], [newer, other, older]):
        ranked = retrieval.rank(query, given)
        assert [s.key for s in ranked] == [older.key, newer.key, other.key]
        assert ranked[0].score == ranked[1].score > ranked[2].score
    # Keys that do not compare keep the order given.
    mixed = [replace(newer, key="b"), replace(older, key=3)]
    assert [s.key for s in retrieval.rank(query, mixed)] == ["b", 3]


def test_clean_keeps_apostrophes_inside_words() -> None:
    assert retrieval.clean("‘Don’t’ said O'Brien’s aide") == "\"Don't\" said O'Brien's aide"


def test_rank_on_no_candidates_is_empty() -> None:
    assert retrieval.rank("anything", []) == []
    # A query or a claim with no content word still gets a score and a reason.
    (only,) = retrieval.rank("the of a", [candidate("e", "", 0.2)])
    assert 0.0 <= only.score < retrieval.SUGGEST_THRESHOLD and only.reason == "close in meaning (similarity 0.20)"
    matrix, numbers = retrieval.features("anything", [])
    assert matrix.shape == (0, len(retrieval.FEATURES)) and numbers == []


def test_thresholds_are_sane() -> None:
    assert 0.0 < retrieval.SUGGEST_THRESHOLD < retrieval.AUTO_THRESHOLD < 1.0
    assert retrieval.CANDIDATES_DENSE >= 10 and retrieval.CANDIDATES_LEXICAL >= 10
    assert len(retrieval.WEIGHTS) == len(retrieval.FEATURES)


def test_corpus_frequencies_weight_rare_words_up() -> None:
    query = "Senator Smith voted against the Zorblax act"
    common = candidate("common", "Senator Smith voted against the act", 0.5, lexical=1.0)
    rare = candidate("rare", "the Zorblax act", 0.5, lexical=1.0)
    corpus = CorpusStats(10_000, {"senator": 3000, "smith": 2000, "voted": 2500, "act": 900, "zorblax": 1})
    matrix, _ = retrieval.features(query, [common, rare], corpus)
    cover = retrieval.FEATURES.index("query_cover")
    assert matrix[1, cover] > matrix[0, cover]


def test_document_vectors_blend_in_half_the_title() -> None:
    text = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    title = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    combined = retrieval.combine_vectors(text, title)
    assert np.allclose(np.linalg.norm(combined, axis=1), 1.0)
    assert np.allclose(combined[0], np.array([1.0, 0.5]) / np.hypot(1.0, 0.5))
    assert np.allclose(combined[1], [0.0, 1.0])


def test_tweets_find_the_claims_they_repeat_with_the_real_encoder() -> None:
    # A sample of CheckThat! 2020 task 2 (train tweets and verified claims, see the fixture's header).
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    claims = [(r[1], r[2], r[3]) for r in rows if r[0] == "claim"]
    tweets = [(r[1], r[2]) for r in rows if r[0] == "tweet"]
    vectors = retrieval.document_vectors([c[1] for c in claims], [c[2] for c in claims])
    queries = retrieval.query_vectors([t[1] for t in tweets])
    for (gold, text), vector in zip(tweets, queries, strict=True):
        cosines = vectors @ vector
        pool = [Candidate(c[0], c[1], c[2], float(cos)) for c, cos in zip(claims, cosines, strict=True)]
        ranked = retrieval.rank(text, pool)
        assert ranked[0].key == gold, (text, ranked[0])
        # Each of these repeats its claim closely: linked automatically, the others far below.
        assert retrieval.is_automatic(ranked[0]) and ranked[1].score < retrieval.AUTO_THRESHOLD / 4
