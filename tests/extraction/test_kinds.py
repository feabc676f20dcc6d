"""Kinds by rule: statistic, comparison, opinion, promise/prediction, quote, event."""

from __future__ import annotations

import pytest

from claims.extraction.kinds import classify, opinion_strength
from claims.extraction.quantities import extract_quantities
from claims.extraction.types import ClaimKind


def kind_of(text: str) -> ClaimKind:
    return classify(text, extract_quantities(text), has_quote="“" in text)


KIND_EXAMPLES = {
    ClaimKind.STATISTIC: [
        "Fares cover only 22 percent of operating costs.",
        "The agency cut 1,200 positions since 2023.",
    ],
    ClaimKind.COMPARISON: [
        "This is the highest level of funding in real terms since 2010.",
        "Crime is lower than it was under the previous mayor.",
    ],
    ClaimKind.OPINION: [
        "Riders should not pay for a crisis they did not cause.",
        "“It is extremely important to strengthen the alliance,” Mr. Ishiba said.",
        "“I want to thank every nurse and porter,” she said.",
        "“Every family deserves a warm, dry home,” she said.",
        "The opposition said the plan was “too little, too late”.",
    ],
    ClaimKind.PROMISE: ["The Pentagon will add troops to the unit.", "The ministry plans to open the bridge by 2027."],
    ClaimKind.QUOTE: ["“Our forces operate and train together across all domains,” he said."],
    ClaimKind.EVENT: ["Russia invaded Ukraine and Hamas attacked Israel."],
}


@pytest.mark.parametrize(("text", "kind"), [(text, kind) for kind, texts in KIND_EXAMPLES.items() for text in texts])
def test_kind_rules(text: str, kind: ClaimKind) -> None:
    assert kind_of(text) == kind


def test_small_counts_in_words_do_not_make_a_statistic() -> None:
    assert kind_of("The two leaders discussed the security situation.") == ClaimKind.EVENT


def test_a_bare_year_does_not_make_a_statistic() -> None:
    assert kind_of("The treaty was signed in 1951.") == ClaimKind.EVENT


def test_reporting_verbs_weaken_an_opinion_reading() -> None:
    assert opinion_strength("We must act now.") > opinion_strength("We must act now, officials confirmed.")
