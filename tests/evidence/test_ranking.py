"""Ranking and number checks (pure): named examples and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from claims.extraction.quantities import extract_quantities
from evidence.ranking import (
    Agreement,
    CandidateForRanking,
    ClaimForRanking,
    best_sentences,
    check_numbers,
    matched_phrases,
    order,
    query_terms,
    rank,
)
from tests.evidence.conftest import DEFENSE_CLAIM, TROOPS_CLAIM


def numbers(claim: str, evidence: str) -> Agreement:
    return check_numbers(tuple(extract_quantities(claim)), evidence)[0]


def test_the_same_count_of_the_same_thing_agrees() -> None:
    assert numbers(TROOPS_CLAIM, "USFJ has roughly 55,000 troops in the country.") == Agreement.AGREES


def test_a_close_count_agrees_within_the_tolerance_and_synonyms_count_as_the_same_noun() -> None:
    assert numbers(TROOPS_CLAIM, "About 54,000 U.S. military personnel are stationed in Japan.") == Agreement.AGREES


def test_a_different_count_of_the_same_thing_disagrees() -> None:
    assert numbers(TROOPS_CLAIM, "There are 38,000 troops in Japan.") == Agreement.DISAGREES


def test_a_count_of_something_else_is_not_compared() -> None:
    assert numbers(TROOPS_CLAIM, "The base has 12,000 civilian employees and 80 aircraft.") == Agreement.NONE


def test_percentages_of_gdp_compare_only_with_percentages_of_gdp() -> None:
    assert numbers(DEFENSE_CLAIM, "Defence spending reached 2% of GDP.") == Agreement.AGREES
    assert numbers(DEFENSE_CLAIM, "Defence spending was 1.2% of gross domestic product.") == Agreement.DISAGREES
    assert numbers(DEFENSE_CLAIM, "Approval of the cabinet fell to 30% in March.") == Agreement.NONE


def test_a_share_of_something_else_is_not_a_share_of_gdp() -> None:
    claim = "Tokyo may raise spending from 2% of GDP to at least 3%."
    evidence = "Allies spend 2% of GDP and at least 20% of their defence budgets on equipment."
    agreement, checks = check_numbers(tuple(extract_quantities(claim)), evidence)
    assert agreement == Agreement.AGREES
    assert [(c.claim_value, c.evidence_value) for c in checks] == [(2.0, 2.0)]


def test_a_target_can_agree_but_is_never_contradicted() -> None:
    claim = "The government wants to raise spending to at least 3% of GDP."
    assert numbers(claim, "Spending is 1.6% of GDP.") == Agreement.NONE
    assert numbers(claim, "Washington asked for 3.5% of GDP.") == Agreement.AGREES


def test_bounds_and_ranges() -> None:
    assert (
        numbers("More than 50,000 troops are based there.", "About 55,000 troops are based there.") == Agreement.AGREES
    )
    assert numbers("Spending was 1.8% of GDP.", "Spending stayed between 1.6% and 2% of GDP.") == Agreement.AGREES
    assert numbers("Fewer than 10,000 troops are there.", "Some 55,000 troops are there.") == Agreement.DISAGREES


def test_money_compares_in_the_same_currency_only() -> None:
    assert numbers("The city spent $4 million on buses.", "The bus budget was $2.5 million.") == Agreement.DISAGREES
    assert numbers("The city spent $4 million on buses.", "The bus budget was €4 million.") == Agreement.NONE


def test_one_number_agreeing_and_another_disagreeing_is_mixed() -> None:
    claim = "Japan hosts 55,000 troops and spends 2% of GDP on defence."
    assert numbers(claim, "Japan hosts 55,000 troops and spends 1.2% of GDP on defence.") == Agreement.MIXED


def test_years_are_not_numbers_to_check() -> None:
    assert numbers("The plan runs to 2027.", "The plan was adopted in 2022.") == Agreement.NONE


def test_candidates_with_checked_numbers_rank_above_merely_similar_ones() -> None:
    claim = ClaimForRanking(TROOPS_CLAIM, "Pete Hegseth", tuple(extract_quantities(TROOPS_CLAIM)), dt.date(2025, 3, 30))
    similar = CandidateForRanking("U.S. Forces Japan", "U.S. Forces Japan is a joint headquarters for troops in Japan.")
    checked = CandidateForRanking("USFJ numbers", "U.S. Forces Japan has about 55,000 troops.")
    off_topic = CandidateForRanking("Fisheries", "Hokkaido's fishing fleet shrank last year.")
    ranked = rank(claim, [similar, checked, off_topic])
    assert order(ranked) == [2, 1, 3]
    assert ranked[1].agreement == Agreement.AGREES
    assert "numbers agree: 55,000 vs 55,000" in ranked[1].reasons
    assert ranked[1].agreement_detail == [
        {
            "claim": "55,000 troops",
            "evidence": "about 55,000 troops",
            "verdict": "agrees",
            "claim_value": 55000.0,
            "evidence_value": 55000.0,
            "unit": "count",
        }
    ]
    assert ranked[2].reasons == ("shares no words with the claim",)


def test_speaker_entities_and_recency_each_add_a_reason() -> None:
    claim = ClaimForRanking("Hegseth said Japan is a model ally.", "Pete Hegseth", (), dt.date(2025, 3, 30))
    recent = CandidateForRanking("Ally", "Mr. Hegseth called Japan a model ally.", dt.date(2025, 3, 1))
    old = CandidateForRanking("Ally", "Mr. Hegseth called Japan a model ally.", dt.date(2015, 3, 1))
    new_rank, old_rank = rank(claim, [recent, old])
    assert "mentions the speaker, Pete Hegseth" in new_rank.reasons
    assert "matches 'Japan a model ally' and 'Hegseth'" in new_rank.reasons
    assert "published 2025-03-01, within a year of the claim" in new_rank.reasons
    assert "published 2015-03-01, 10 years before the claim" in old_rank.reasons
    assert new_rank.score > old_rank.score


def test_phrases_with_more_claim_words_come_first() -> None:
    claim = ClaimForRanking("Japan and NATO agreed to spend more on defence.")
    (ranked,) = rank(claim, [CandidateForRanking("Budget", "Defence spending rose; NATO welcomed it.")])
    assert ranked.reasons[0] == "matches 'Defence spending' and 'NATO'"


def test_the_reason_reads_as_one_sentence_with_the_figures_that_disagree() -> None:
    text = "The United States keeps roughly 60,000 American troops stationed in Japan."
    claim = ClaimForRanking(text, None, tuple(extract_quantities(text)))
    note = CandidateForRanking(
        "U.S. Forces Japan", "About 55,000 U.S. troops are stationed in Japan, the largest presence of U.S. forces."
    )
    (ranked,) = rank(claim, [note])
    assert ranked.agreement == Agreement.DISAGREES
    assert ranked.reasons == ("matches 'troops are stationed in Japan'", "numbers disagree: 60,000 vs 55,000")
    assert not any(reason.endswith(".") for reason in ranked.reasons)


def test_matched_phrases_report_each_stem_once() -> None:
    phrases = matched_phrases("Troops and more troops: the troop count", "The troops left. A troop stayed. Troops!")
    assert phrases == ["troops"]
    claim = "Tokyo may raise defense spending to 3% of GDP."
    passage = "Japan's defence budget grew. Defence spending was 1.6% of GDP."
    assert matched_phrases(claim, passage) == ["Defence spending", "GDP"]
    assert matched_phrases(claim, "The defence budget grew; spending on defence too.") == ["spending on defence"]


def test_a_roughly_stated_count_nine_percent_off_disagrees() -> None:
    assert numbers("roughly 60,000 American troops", "About 55,000 U.S. troops are stationed there.") == (
        Agreement.DISAGREES
    )
    assert numbers("roughly 56,000 American troops", "About 55,000 U.S. troops are stationed there.") == (
        Agreement.AGREES
    )


def test_the_snippet_never_breaks_a_sentence_after_an_abbreviation() -> None:
    text = "USFJ is a command. About 55,000 U.S. troops are stationed in Japan. Kadena is on Okinawa."
    assert best_sentences(text, {"troop"}, limit=60) == "About 55,000 U.S. troops are stationed in Japan."


def test_query_terms_put_names_first_and_drop_stopwords() -> None:
    assert query_terms(DEFENSE_CLAIM)[:3] == ["Trump", "Tokyo", "Japan"]
    assert "the" not in query_terms(DEFENSE_CLAIM) and "japan’s" not in query_terms(DEFENSE_CLAIM)


@given(st.lists(st.text(max_size=80), max_size=6), st.text(max_size=120))
def test_ranking_any_text_gives_finite_non_negative_scores_and_a_permutation(snippets: list[str], claim: str) -> None:
    ranked = rank(ClaimForRanking(claim), [CandidateForRanking("t", s) for s in snippets])
    assert all(r.score >= 0 and r.score == r.score for r in ranked)
    assert sorted(order(ranked)) == list(range(1, len(snippets) + 1))
    assert rank(ClaimForRanking(claim), [CandidateForRanking("t", s) for s in snippets]) == ranked
