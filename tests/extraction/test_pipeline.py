"""The whole pipeline on small articles, with a fake check-worthiness model."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from claims.extraction import extract_claims
from claims.extraction.pipeline import is_boilerplate
from claims.extraction.types import ClaimKind


class ConstantModel:
    """Scores every statement the same, so the rules alone decide the order."""

    def __init__(self, value: float = 0.5) -> None:
        self.value = value
        self.calls = 0

    def score(self, texts: Sequence[str]) -> list[float]:
        self.calls += 1
        return [self.value for _ in texts]


ARTICLE = """- The Example Times - Sunday, March 30, 2025

A version of this story appeared in the daily Briefing newsletter. Click here to receive it.

TOKYO — Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

“It is extremely important to strengthen the alliance,” Mr. Hegseth said.

The Trump administration wants Tokyo to raise defense spending from 2% of GDP to at least 3%.

Advertisement

• Jane Doe can be reached at jdoe@example.com.

Copyright © 2025 The Example Times, LLC. Click here for reprint permission.

Please read our comment policy before commenting.
"""


def test_claims_are_exact_slices_in_text_order() -> None:
    claims = extract_claims(ARTICLE, model=ConstantModel())
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
        for q in claim.quantities:
            assert claim.start <= q.start < q.end <= claim.end


def test_boilerplate_and_header_lines_are_never_claims() -> None:
    texts = " ".join(c.text for c in extract_claims(ARTICLE, model=ConstantModel()))
    for noise in (
        "Click here",
        "Advertisement",
        "can be reached",
        "Copyright",
        "comment policy",
        "Example Times -",
    ):
        assert noise not in texts


def test_dateline_does_not_reach_the_claim() -> None:
    claims = extract_claims(ARTICLE, model=ConstantModel())
    assert claims[0].text.startswith("Defense Secretary Pete Hegseth")


def test_statistic_outranks_opinion_when_the_model_is_indifferent() -> None:
    claims = extract_claims(ARTICLE, model=ConstantModel())
    by_kind = {c.kind: c for c in claims}
    assert by_kind[ClaimKind.STATISTIC].checkworthiness > by_kind[ClaimKind.OPINION].checkworthiness
    assert by_kind[ClaimKind.OPINION].speaker is not None
    assert by_kind[ClaimKind.OPINION].speaker.name == "Pete Hegseth"


def test_model_score_moves_the_final_score_and_scores_stay_in_unit_interval() -> None:
    low = extract_claims(ARTICLE, model=ConstantModel(0.0))
    high = extract_claims(ARTICLE, model=ConstantModel(1.0))
    for a, b in zip(low, high, strict=True):
        assert 0.0 <= a.checkworthiness < b.checkworthiness <= 1.0


def test_model_is_called_once_per_article() -> None:
    model = ConstantModel()
    extract_claims(ARTICLE, model=model)
    assert model.calls == 1


def test_empty_text_gives_no_claims() -> None:
    assert extract_claims("", model=ConstantModel()) == []


def test_timings_report_every_stage() -> None:
    timings: dict[str, float] = {}
    extract_claims(ARTICLE, model=ConstantModel(), timings=timings)
    assert set(timings) == {"sentences", "attribution", "quantities", "kinds", "scoring"}


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for the Gazette's education newsletter",
        "Get the Morning Commute newsletter in your inbox.",
        "© The Midlands Gazette 2025",
        "All rights reserved.",
        "By Daniel Price",
        "Reporting by Jane Smith and Tom Brown",
        "Advertisement — Feed prices updated daily",
        "Follow us on Twitter for updates.",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had risen by 4%.",
        "Newspaper subscriptions fell 10% last year, the association said.",
    ],
)
def test_ordinary_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_headline_without_punctuation_is_not_a_claim_but_a_long_unpunctuated_paragraph_is() -> None:
    text = "Drought cuts wheat harvest by a third\n\n" + " ".join(["Farmers in the province lost crops"] * 4)
    claims = extract_claims(text, model=ConstantModel())
    assert len(claims) == 1 and claims[0].text.startswith("Farmers")
