"""Speakers: quotes, reported speech, titles, honorifics, role nouns, pronouns, organisations."""

from __future__ import annotations

import textwrap

import pytest

from claims.extraction.attribution import attribute_segments
from claims.extraction.people import PersonIndex
from claims.extraction.sentences import split_statements
from claims.extraction.types import SpeakerRef


def speakers(text: str) -> list[SpeakerRef | None]:
    segments = split_statements(text)
    return [a.speaker for a in attribute_segments(text, segments)]


def names(text: str) -> list[str | None]:
    return [s.name if s else None for s in speakers(text)]


INTRO = "Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.\n\n"


def test_title_before_a_name_is_the_title_and_the_name_is_the_person() -> None:
    index = PersonIndex("TOKYO — Defense Secretary Pete Hegseth and Japanese Prime Minister Shigeru Ishiba met.")
    people = {p.name: p.title for p in index.persons}
    assert people == {"Pete Hegseth": "Defense Secretary", "Shigeru Ishiba": "Prime Minister"}


def test_quote_then_honorific_and_verb() -> None:
    got = speakers(INTRO + "“It is extremely important to strengthen the alliance,” Mr. Hegseth said.")
    assert got[1] == SpeakerRef(name="Pete Hegseth", title="Defense Secretary")


def test_inverted_said_with_an_appositive_title() -> None:
    text = "“Most of our members will lose money,” said Ravi Grewal, president of the Grain Growers Association."
    got = speakers(text)[0]
    assert got is not None and got.name == "Ravi Grewal"
    assert got.title == "president of the Grain Growers Association"


def test_according_to_an_organisation_report() -> None:
    got = speakers("Fares cover only 22 percent of costs, according to the agency’s annual report.")[0]
    assert got == SpeakerRef(name="the agency", is_organisation=True)


def test_organisation_as_the_subject_of_said() -> None:
    got = speakers("Wheat output will fall 33% this year, the agriculture ministry said on Thursday.")[0]
    assert got is not None and got.is_organisation and got.name == "the agriculture ministry"
    got = speakers("The Institute for Fiscal Studies said funding would be flat.")[0]
    assert got is not None and got.is_organisation


def test_the_end_of_an_organisation_name_is_not_a_person() -> None:
    text = "Spending rose, the Office for Budget Responsibility estimated."
    got = speakers(text)[0]
    assert got is not None and got.is_organisation
    assert PersonIndex(text).persons == []


def test_narration_without_a_speech_verb_has_no_speaker() -> None:
    assert names("A joint force headquarters is being established to upgrade 55,000 troops.") == [None]


def test_plural_people_are_a_group_speaker() -> None:
    got = speakers("Pentagon officials have said they are confident.")[0]
    assert got is not None and got.is_organisation


def test_organisation_names_ending_in_a_source_noun_are_kept_whole() -> None:
    got = speakers("The economy grew by 0.3%, the Office for National Statistics said.")[0]
    assert got == SpeakerRef(name="the Office for National Statistics", is_organisation=True)
    got = speakers("The bank held rates at 5 per cent, according to LSEG data.")[0]
    assert got == SpeakerRef(name="LSEG", is_organisation=True)


def test_a_name_inside_a_prepositional_phrase_is_not_a_person_speaking() -> None:
    text = "Analysts at Goldman Sachs expect inflation to ease."
    assert PersonIndex(text).persons == []
    got = speakers(text)[0]
    assert got is not None and got.is_organisation


# Who speaks in each segment of an article: ``names(article)[at]`` (one segment, or a slice of them).
WHO_SPEAKS = {
    "honorific without a period resolves too": (
        1,
        "Mark Rutte",
        """
        NATO Secretary General Mark Rutte spoke in Brussels.

        Mr Rutte said allies must spend more.
        """,
    ),
    "verb then colon quote": (
        1,
        "Priya Chandra",
        """
        The Education Secretary, Priya Chandra, spoke.

        Ms Chandra said: “This is the highest level.”
        """,
    ),
    "reported speech picks the subject of said not an earlier name": (
        1,
        "Pete Hegseth",
        """
        Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

        After meeting with Mr. Nakatani, Mr. Hegseth said the U.S. is creating a headquarters.
        """,
    ),
    "name between commas before said": (
        1,
        "Paul Whitaker",
        """
        The Institute said costs rose. Its director, Paul Whitaker, said two-thirds would be absorbed.
        """,
    ),
    "person before a relative clause or appositive speaks": (
        slice(None),
        ["Rachel Stein", "Helen Cho"],
        """
        Council member Rachel Stein, who voted against the plan, said the city could not afford it.

        Dr. Helen Cho, an economist at Ohio State University, said spending had doubled.
        """,
    ),
    "role noun resolves to the person introduced with that title": (
        1,
        "Gen Nakatani",
        """
        Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

        “We will communicate closely with Washington,” the defense minister said.
        """,
    ),
    "role noun may point forward to a person introduced later": (
        slice(None),
        ["Omar Farouk", "Omar Farouk"],
        """
        The agency faces a $740 million gap, its chief executive told the board on Tuesday.

        “We will cut service,” chief executive Omar Farouk said.
        """,
    ),
    "pronoun takes the most recent speaker": (
        2,
        "Pete Hegseth",
        """
        Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

        Mr. Hegseth said the alliance is strong.

        “We stand together,” he told reporters.
        """,
    ),
    "pronoun respects gender known from honorifics": (
        -1,
        "Ann Lee",
        """
        Mayor Ann Lee and Police Chief Tom Ward spoke.

        Ms Lee said crime fell. Mr Ward said arrests rose.

        “We are not done,” she said.
        """,
    ),
    "pronoun after a sentence subject without a speech verb": (
        -1,
        "Tom Ashworth",
        """
        The shadow secretary, Caroline Hughes, said the money would be wasted.

        Health Secretary Tom Ashworth answered in the chamber.

        Mr Ashworth rejected the claim. “Productivity rose by 2.7% last year,” he said.
        """,
    ),
    "she in a relative clause is the sentence subject": (
        -1,
        "Lucia Ferreira",
        """
        “We will cut service,” chief executive Omar Farouk said.

        State Senator Lucia Ferreira proposed a tax, which she said would raise about $310 million a year.
        """,
    ),
    "bare surname resolves to the full name": (
        -1,
        "Lucia Ferreira",
        """
        State Senator Lucia Ferreira spoke first.

        “Riders should not pay,” Ferreira said.
        """,
    ),
    "a quotation alone continues the speaker before it": (
        slice(1, None),
        ["Gen Nakatani", "Gen Nakatani"],
        """
        Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

        “Both sides agreed,” Mr. Nakatani said. “During our talks, I shared our plans.”
        """,
    ),
    "a speech verb inside a quotation is not an attribution": (
        1,
        "Gen Nakatani",
        """
        Defense Secretary Pete Hegseth met Defense Minister Gen Nakatani on Sunday.

        “With that being said, we will act,” the defense minister said.
        """,
    ),
    "an unclosed quote does not hide later paragraphs": (
        -1,
        "Joe Biden",
        """
        "This is a welcome step," said Mr Hunt. "But families are still worse off.

        "They will not forget it."

        President Joe Biden said the U.S. would send aid.
        """,
    ),
}


@pytest.mark.parametrize(("at", "expected", "text"), WHO_SPEAKS.values(), ids=WHO_SPEAKS.keys())
def test_each_segment_is_given_its_speaker(at: int | slice, expected: str | list[str], text: str) -> None:
    assert names(textwrap.dedent(text).strip())[at] == expected
