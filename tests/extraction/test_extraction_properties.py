"""Properties of the pipeline on arbitrary text (issue 11): never raises, spans are exact and nested."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.pipeline import extract_claims
from claims.extraction.quantities import extract_quantities


class LengthModel:
    def score(self, texts: Sequence[str]) -> list[float]:
        return [min(1.0, len(t) / 200) for t in texts]


# News-like fragments mixed with arbitrary Unicode, so that the rules are reached, not only skipped.
FRAGMENTS = st.sampled_from(
    [
        "Mr. Hegseth said", "“", "”", '"', ",", ".", " ", "\n\n", "\n", "U.S.", "TOKYO — ", "$34 million",
        "£9.6bn", "at least 3%", "from 2% to", "two-thirds", "three hundred", "he said", "she told reporters",
        "according to the ministry", "Advertisement", "by 2027", "Defense Minister Gen Nakatani",
        "the minister", "per cent", "between 10 and", "12", "1,200", "—", ";", "…", "Ms", "Dr.",
        "one in five", "NZ$",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_extract_claims_never_raises_and_spans_are_exact(text: str) -> None:
    claims = extract_claims(text, model=LengthModel())
    previous_end = 0
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.start >= previous_end
        previous_end = claim.end
        assert 0.0 <= claim.checkworthiness <= 1.0
        for q in claim.quantities:
            assert claim.start <= q.start < q.end <= claim.end
            assert text[q.start : q.end] == q.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_extract_claims_on_any_unicode_text(text: str) -> None:
    for claim in extract_claims(text, model=LengthModel()):
        assert text[claim.start : claim.end] == claim.text


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=10_000))
def test_quantities_are_exact_slices_without_overlap(text: str, offset: int) -> None:
    previous_end = offset
    for q in extract_quantities(text, offset):
        assert text[q.start - offset : q.end - offset] == q.text
        assert q.start >= previous_end
        previous_end = q.end
