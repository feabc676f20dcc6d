"""Speakers: quotes, reported speech, titles, honorifics, role nouns, pronouns, organisations."""

from __future__ import annotations

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


def test_honorific_without_a_period_resolves_too() -> None:
    text = "NATO Secretary General Mark Rutte spoke in Brussels.\n\nMr Rutte said allies must spend more."
    assert names(text)[1] == "Mark Rutte"


def test_verb_then_colon_quote() -> None:
    text = "The Education Secretary, Priya Chandra, spoke.\n\nMs Chandra said: “This is the highest level.”"
    assert names(text)[1] == "Priya Chandra"


def test_inverted_said_with_an_appositive_title() -> None:
    text = "“Most of our members will lose money,” said Ravi Grewal, president of the Grain Growers Association."
    got = speakers(text)[0]
    assert got is not None and got.name == "Ravi Grewal"
    assert got.title == "president of the Grain Growers Association"


def test_reported_speech_picks_the_subject_of_said_not_an_earlier_name() -> None:
    text = INTRO + "After meeting with Mr. Nakatani, Mr. Hegseth said the U.S. is creating a headquarters."
    assert names(text)[1] == "Pete Hegseth"


def test_name_between_commas_before_said() -> None:
    text = "The Institute said costs rose. Its director, Paul Whitaker, said two-thirds would be absorbed."
    assert names(text)[1] == "Paul Whitaker"


def test_person_before_a_relative_clause_or_appositive_speaks() -> None:
    text = (
        "Council member Rachel Stein, who voted against the plan, said the city could not afford it.\n\n"
        "Dr. Helen Cho, an economist at Ohio State University, said spending had doubled."
    )
    assert names(text) == ["Rachel Stein", "Helen Cho"]


def test_role_noun_resolves_to_the_person_introduced_with_that_title() -> None:
    text = INTRO + "“We will communicate closely with Washington,” the defense minister said."
    assert names(text)[1] == "Gen Nakatani"


def test_role_noun_may_point_forward_to_a_person_introduced_later() -> None:
    text = (
        "The agency faces a $740 million gap, its chief executive told the board on Tuesday.\n\n"
        "“We will cut service,” chief executive Omar Farouk said."
    )
    assert names(text) == ["Omar Farouk", "Omar Farouk"]


def test_pronoun_takes_the_most_recent_speaker() -> None:
    text = INTRO + "Mr. Hegseth said the alliance is strong.\n\n“We stand together,” he told reporters."
    assert names(text)[2] == "Pete Hegseth"


def test_pronoun_respects_gender_known_from_honorifics() -> None:
    text = (
        "Mayor Ann Lee and Police Chief Tom Ward spoke.\n\n"
        "Ms Lee said crime fell. Mr Ward said arrests rose.\n\n"
        "“We are not done,” she said."
    )
    assert names(text)[-1] == "Ann Lee"


def test_pronoun_after_a_sentence_subject_without_a_speech_verb() -> None:
    text = (
        "The shadow secretary, Caroline Hughes, said the money would be wasted.\n\n"
        "Health Secretary Tom Ashworth answered in the chamber.\n\nMr Ashworth rejected the claim. "
        "“Productivity rose by 2.7% last year,” he said."
    )
    assert names(text)[-1] == "Tom Ashworth"


def test_she_in_a_relative_clause_is_the_sentence_subject() -> None:
    text = (
        "“We will cut service,” chief executive Omar Farouk said.\n\n"
        "State Senator Lucia Ferreira proposed a tax, which she said would raise about $310 million a year."
    )
    assert names(text)[-1] == "Lucia Ferreira"


def test_bare_surname_resolves_to_the_full_name() -> None:
    text = "State Senator Lucia Ferreira spoke first.\n\n“Riders should not pay,” Ferreira said."
    assert names(text)[-1] == "Lucia Ferreira"


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


def test_a_quotation_alone_continues_the_speaker_before_it() -> None:
    text = INTRO + "“Both sides agreed,” Mr. Nakatani said. “During our talks, I shared our plans.”"
    assert names(text)[1:] == ["Gen Nakatani", "Gen Nakatani"]


def test_narration_without_a_speech_verb_has_no_speaker() -> None:
    assert names("A joint force headquarters is being established to upgrade 55,000 troops.") == [None]


def test_a_speech_verb_inside_a_quotation_is_not_an_attribution() -> None:
    text = INTRO + "“With that being said, we will act,” the defense minister said."
    assert names(text)[1] == "Gen Nakatani"


def test_plural_people_are_a_group_speaker() -> None:
    got = speakers("Pentagon officials have said they are confident.")[0]
    assert got is not None and got.is_organisation


def test_an_unclosed_quote_does_not_hide_later_paragraphs() -> None:
    text = (
        '"This is a welcome step," said Mr Hunt. "But families are still worse off.\n\n'
        '"They will not forget it."\n\nPresident Joe Biden said the U.S. would send aid.'
    )
    assert names(text)[-1] == "Joe Biden"


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
