"""Who says each statement: direct and partial quotes, reported speech, "according to", pronouns, titles.

The article is read twice. :class:`PersonIndex` first collects the people it introduces ("Defense
Secretary Pete Hegseth", "Paul Whitaker, director of ...", "chief executive Omar Farouk") and every later
mention of them ("Mr. Hegseth", "Mr Rutte", "Ferreira", "Secretary Hegseth"). :func:`attribute_segments`
then walks the statements in order and gives each one a :class:`SpeakerRef` or ``None``:

* the subject of a speech verb outside quotation marks ("Mr. Hegseth said ...", "“...,” Mr. Ishiba said",
  "“...,” said Ravi Grewal, president of ...", "Its director, Paul Whitaker, said ...");
* "according to X";
* a pronoun ("he told reporters") resolves to the sentence's own subject, else the most recent speaker of
  a fitting gender, else the nearest earlier mention; a resolved pronoun fixes that person's gender;
* a role noun ("the defense minister", "its chief executive") resolves to the person introduced with that
  title, preferring the nearest earlier one and otherwise the first one introduced later;
* organisations and groups ("the ministry said", "according to the agency's annual report", "Pentagon
  officials have said") become speakers with ``is_organisation=True``;
* a statement that is only a quotation continues the speaker of the quotation just before it.

No statistics model is involved: these are the conventions of news writing, written as rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claims.extraction.people import (
    ORG_HEADS,
    SPEECH_VERBS,
    TITLE_MODIFIERS,
    Mention,
    Person,
    PersonIndex,
    fits,
    is_title_word,
)
from claims.extraction.sentences import Segment
from claims.extraction.types import SpeakerRef, word_list

__all__ = ["Attribution", "attribute_segments"]


_ORG_SOURCE_NOUNS = frozenset(
    word_list(
        """
        report reports study survey forecast forecasts estimates statistics data figures analysis review
        census poll audit projections records filing filings statement documents
        """
    )
)


_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}


_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b")


_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)


_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|later|previously|then|repeatedly|again|publicly|once|recently|earlier|"
    r"long|would|will|did|does|reportedly|privately|separately|subsequently|told\s+\w+\s+and))+\s*$"
)


_NP_BOUNDARY = re.compile(r"[,;:()\u2014\u2013\u201d\"\u00a4]|\s-\s")


_OPENING_QUOTE = re.compile(r"^[\s(]*[“\"‘]")


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: SpeakerRef | None
    has_quote: bool  # the statement contains a direct quotation
    quote_only: bool  # the statement is a quotation with no attribution of its own
    reported: bool  # the speaker was found by a speech verb or "according to"


@dataclass(slots=True)
class _State:
    recent: list[tuple[int, Person]] = field(default_factory=list)  # (segment index, speaker)


def attribute_segments(text: str, segments: Sequence[Segment], index: PersonIndex | None = None) -> list[Attribution]:
    """Attribute every segment of ``text``; ``index`` may be passed when already built."""
    index = index or PersonIndex(text)
    state = _State()
    result: list[Attribution] = []
    for n, seg in enumerate(segments):
        masked = index.masked[seg.start : seg.end]
        has_quote = "\u00a4" in masked or bool(re.search(r"[“\"][^“”\"]{3,}$", seg.text))
        speaker, reported = _find_speaker(index, seg, masked, state, n)
        quote_only = False
        if speaker is None and _OPENING_QUOTE.match(seg.text) and n > 0:
            prev = segments[n - 1]
            prev_attr = result[-1]
            same_run = prev.paragraph == seg.paragraph or prev_attr.has_quote
            if prev_attr.speaker is not None and same_run and not prev_attr.speaker.is_organisation:
                speaker = prev_attr.speaker
                quote_only = True
        focus: Person | None = None
        if speaker is not None and not speaker.is_organisation:
            focus = _person_for(index, speaker, seg.start)
        elif speaker is None:
            # "Mr Ashworth rejected the claim. “...,” he said.": the subject is who "he" points back to.
            opening = [m for m in index.mentions_between(seg.start, seg.end) if not m.in_quote]
            if opening and _opens_sentence(index, seg, opening[0]):
                focus = opening[0].person
        if focus is not None:
            state.recent.append((n, focus))
        result.append(Attribution(speaker=speaker, has_quote=has_quote, quote_only=quote_only, reported=reported))
    return result


def _person_for(index: PersonIndex, ref: SpeakerRef, at: int) -> Person | None:
    tokens = tuple(t.lower() for t in ref.name.split())
    return index.find_by_tokens(tokens, at=at)


def _find_speaker(
    index: PersonIndex, seg: Segment, masked: str, state: _State, n: int
) -> tuple[SpeakerRef | None, bool]:
    for m in _SPEECH.finditer(masked):
        pre = masked[: m.start()]
        pre = _AUX_TAIL.sub("", pre)
        stripped = pre.rstrip()
        ref: SpeakerRef | None = None
        if stripped.endswith(",") and not stripped.endswith("”,") and not stripped.endswith('",'):
            # Appositive subject: "Its director, Paul Whitaker, said" / "the Secretary, Priya Chandra, said"
            inner = stripped[:-1]
            cut = max(inner.rfind(","), inner.rfind("”"), inner.rfind('"'))
            ref = _resolve_np(index, seg, inner[cut + 1 :], seg.start + cut + 1, state, n)
            if (ref is None or ref.is_organisation) and cut >= 0:
                # "Dr. Helen Cho, an economist at ..., said": the person before the appositive speaks.
                prev_cut = max(inner.rfind(",", 0, cut), inner.rfind("”", 0, cut), inner.rfind('"', 0, cut))
                before = _resolve_np(index, seg, inner[prev_cut + 1 : cut], seg.start + prev_cut + 1, state, n)
                if before is not None and (ref is None or not before.is_organisation):
                    ref = before
        elif stripped and not _ends_with_boundary(stripped):
            cut = _last_boundary(stripped)
            np_text = stripped[cut:]
            if re.search(r"\s(?:and|but)$", np_text):
                # "X and Y wrapped up a meeting ... and said": the subject opens the sentence.
                np_text = np_text[: _first_verbish(np_text)]
            ref = _resolve_np(index, seg, np_text, seg.start + cut, state, n)
        else:
            # Inverted order: "“...,” said Ravi Grewal, president of ..." / "..., said the ministry."
            after = masked[m.end() :]
            np_match = re.match(r"\s+([^,.;:“”\"]{2,80})", after)
            if np_match:
                ref = _resolve_np(index, seg, np_match.group(1), seg.start + m.end() + np_match.start(1), state, n)
        if ref is not None:
            return ref, True
    for m in _ACCORDING.finditer(masked):
        np_match = re.match(r"([^,.;:“”\"]{2,80})", masked[m.end() :])
        if np_match:
            ref = _resolve_np(index, seg, np_match.group(1), seg.start + m.end(), state, n)
            if ref is not None:
                return ref, True
    return None, False


def _ends_with_boundary(text: str) -> bool:
    return bool(text) and (text[-1] in ',;:(—–”"\u00a4' or text.endswith(" -"))


def _last_boundary(text: str) -> int:
    last = 0
    for m in _NP_BOUNDARY.finditer(text):
        last = m.end()
    return last


def _first_verbish(np_text: str) -> int:
    """End of the leading noun phrase of a clause: before its first lower-case word that is not a title."""
    for m in re.finditer(r"\b[a-z][a-z'’\-]*\b", np_text):
        if m.group() not in ("and", "of", "the") and not is_title_word(m.group()):
            return m.start()
    return len(np_text)


def _resolve_np(index: PersonIndex, seg: Segment, np_text: str, np_at: int, state: _State, n: int) -> SpeakerRef | None:
    """Turn the noun phrase that speaks into a speaker, or ``None`` when it is not a speaker."""
    raw = np_text
    np_text = np_text.strip()
    if not np_text or "\u00a4" in np_text:
        return None
    lead_ws = len(raw) - len(raw.lstrip())
    abs_start = np_at + lead_ws
    abs_end = abs_start + len(np_text)
    words = np_text.split()
    last = words[-1].lower()
    if last in _PRONOUNS and len(words) <= 3:
        return _resolve_pronoun(index, seg, _PRONOUNS[last], abs_start, state, n)
    if last in ("they", "we", "i", "it", "you", "who", "which", "that"):
        return None
    mentions = [m for m in index.mentions_between(abs_start, abs_end + 3) if not m.in_quote]
    if mentions:
        closing = [m for m in mentions if abs_end - m.end <= 3]
        if closing:
            first = mentions[0]
            between = index.text[first.end : closing[-1].start]
            pick = first if re.fullmatch(r"(?:['’]s)?\s+and\s+(?:[A-Z][a-z]+\.?\s+)*", between) else closing[-1]
            return pick.person.ref()
        if mentions[0].start - abs_start <= 2 and len(words) <= 10:
            return mentions[0].person.ref()  # "Ravi Grewal, president of ..." after an inverted verb
    if len(words) > 8:
        return None
    clean = re.sub(r"^(?:and|but|while|as|when|because|since|although|though|so)\s+", "", np_text, flags=re.I)
    role_words = clean.split()
    determiner = role_words[0].lower() if role_words else ""
    if determiner in ("the", "its", "his", "her", "their", "our", "a", "an") and len(role_words) >= 2:
        role_words = role_words[1:]
    if role_words and is_title_word(role_words[-1]) and role_words[-1].lower() not in ORG_HEADS:
        person = index.find_by_role(" ".join(role_words), at=abs_start)
        if person is not None:
            return person.ref()
        if role_words[-1].lower() in ("spokesman", "spokeswoman", "spokesperson"):
            return SpeakerRef(name=" ".join(role_words), is_organisation=True)
        return None
    return _organisation(clean)


def _organisation(np_text: str) -> SpeakerRef | None:
    words = np_text.split()
    if not words or len(words) > 8:
        return None
    # "the agency's annual report" speaks for the agency; "Department for Education forecasts" too.
    possessive = re.match(r"^(?P<owner>.+?)['’]s?\s+(?:[a-z\-]+\s+){0,2}(?P<noun>[a-z]+)$", np_text)
    if possessive and possessive.group("noun") in _ORG_SOURCE_NOUNS:
        np_text = possessive.group("owner")
        words = np_text.split()
    elif words[-1] in _ORG_SOURCE_NOUNS and len(words) > 1 and words[-2][:1].isupper():
        words = words[:-1]
        np_text = " ".join(words)
    head = words[-1].lower().strip("'’")
    if head in _ORG_SOURCE_NOUNS and not any(w[:1].isupper() for w in words[1:]) and len(words) <= 3:
        return None  # "according to the figures" names a document, not who stands behind it
    core = words[1:] if words[0].lower() in ("the", "a", "an") and len(words) > 1 else words
    capitalised = sum(1 for w in core if w[:1].isupper())
    if head in ORG_HEADS or (core[0][:1].isupper() and capitalised >= len(core) - 1):
        if any(w.lower() in _PRONOUNS or w.lower() in ("they", "we", "i", "it") for w in words):
            return None
        name = re.sub(r"^The\s", "the ", np_text.strip())
        return SpeakerRef(name=name, is_organisation=True)
    return None


def _opens_sentence(index: PersonIndex, seg: Segment, mention: Mention) -> bool:
    """Whether ``mention`` is the subject opening ``seg``: nothing before it but a title or honorific."""
    prefix = index.text[seg.start : mention.start].strip(" “\"‘'")
    if not prefix:
        return True
    words = prefix.split()
    return len(words) <= 5 and all(
        w[:1].isupper() or is_title_word(w) or w.lower().rstrip(".") in TITLE_MODIFIERS for w in words
    )


def _resolve_pronoun(
    index: PersonIndex, seg: Segment, gender: str, at: int, state: _State, n: int
) -> SpeakerRef | None:
    person: Person | None = None
    # 1. The subject of this very sentence: "Lucia Ferreira ... proposed ..., which she said ...".
    opening = [m for m in index.mentions_between(seg.start, at) if not m.in_quote]
    if opening and _opens_sentence(index, seg, opening[0]) and fits(opening[0].person, gender):
        person = opening[0].person
    # 2. The most recent speaker of a fitting gender, in the last few statements.
    if person is None:
        for seg_n, candidate in reversed(state.recent):
            if n - seg_n > 4:
                break
            if fits(candidate, gender):
                person = candidate
                break
    # 3. The nearest earlier mention of a fitting gender.
    if person is None:
        person = index.nearest_mention_before(at, gender)
    if person is None:
        return None
    if person.gender is None:
        person.gender = gender
    return person.ref()
