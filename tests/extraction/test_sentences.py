"""Statement splitting: exact offsets, abbreviations, numbers, quotes, datelines."""

from __future__ import annotations

import pytest

from claims.extraction.sentences import split_statements


def texts(text: str) -> list[str]:
    return [s.text for s in split_statements(text)]


def test_every_segment_is_the_exact_slice_of_the_text() -> None:
    text = "  First one here.  Second one, with Mr. Smith.\n\nThird paragraph ends here!  "
    for seg in split_statements(text):
        assert text[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Hegseth met Dr. Jones and Gen. Brown on Jan. 5 in the capital.",
        "The U.S. military will add troops to U.S. Forces Japan this year.",
        "Inflation was 2.5% and the deficit reached $50.1 billion last year.",
        "The plan was drafted by John F. Kennedy's aides in the spring.",
        "Ms. Ardern, Prof. Lee and St. John's council agreed.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_a_sentence(text: str) -> None:
    assert texts(text) == [text]


def test_acronym_ends_a_sentence_when_a_sentence_opener_follows() -> None:
    assert texts("He moved to the U.S. The move was costly.") == [
        "He moved to the U.S.",
        "The move was costly.",
    ]


def test_quote_over_several_sentences_stays_one_statement() -> None:
    text = "“We must be prepared. We look forward to working together,” Mr. Hegseth said. He left."
    assert texts(text) == [
        "“We must be prepared. We look forward to working together,” Mr. Hegseth said.",
        "He left.",
    ]


def test_a_new_quote_after_the_attribution_is_its_own_statement() -> None:
    text = "“Both sides agreed,” Mr. Nakatani said. “During our talks, I shared our plans.”"
    assert texts(text) == [
        "“Both sides agreed,” Mr. Nakatani said.",
        "“During our talks, I shared our plans.”",
    ]


def test_an_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = "“We will win. The vote is close. Nobody knows the result."
    assert len(texts(text)) == 3


def test_dateline_is_left_out_of_the_first_statement() -> None:
    segs = split_statements("TOKYO — Defense Secretary Pete Hegseth met the prime minister.")
    assert segs[0].text == "Defense Secretary Pete Hegseth met the prime minister."
    segs = split_statements("LONDON (Reuters) - Prices rose 3% in May.")
    assert segs[0].text == "Prices rose 3% in May."


def test_upper_case_sentence_opener_is_not_a_dateline() -> None:
    assert texts("A - B testing is common.") == ["A - B testing is common."]


def test_semicolon_splits_two_full_clauses_but_not_a_short_list() -> None:
    assert texts("Exports rose by a fifth last year; imports fell for the third year running.") == [
        "Exports rose by a fifth last year;",
        "imports fell for the third year running.",
    ]
    assert len(texts("He visited Paris; Rome; and Berlin during the long trip.")) == 1


def test_headline_lines_are_marked_unterminated() -> None:
    segs = split_statements("Schools to get £1.1bn more\n\nSchools will get more money, the minister said.")
    assert [s.terminated for s in segs] == [False, True]
    assert [s.paragraph for s in segs] == [0, 1]


def test_hard_wrapped_lines_are_joined_into_one_paragraph() -> None:
    text = (
        "The council approved the budget for the coming year after a long debate\n"
        "that ran late into the night. The mayor welcomed it."
    )
    segs = split_statements(text)
    assert len(segs) == 2
    assert segs[0].paragraph == segs[1].paragraph


def test_a_clause_ending_in_a_semicolon_counts_as_terminated() -> None:
    segs = split_statements("Analysts expect inflation to ease by mid-2026; the target is 2 per cent.")
    assert [s.terminated for s in segs] == [True, True]
