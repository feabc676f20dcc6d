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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claims.extraction.sentences import Segment
from claims.extraction.types import SpeakerRef, word_list

__all__ = ["Attribution", "Person", "PersonIndex", "attribute_segments", "mask_quotes"]


_TITLE_HEADS = frozenset(
    word_list(
        """
        secretary minister president premier chancellor senator representative congressman congresswoman
        governor mayor general admiral colonel commander chief executive ceo cfo coo director chair
        chairman chairwoman chairperson spokesman spokeswoman spokesperson leader head economist
        professor judge justice commissioner ambassador analyst official manager founder mp councillor
        councilor councilman councilwoman superintendent principal officer inspector sheriff king queen
        prince princess pope bishop attorney lawyer researcher scientist adviser advisor strategist
        treasurer auditor coach captain owner partner editor lecturer dean envoy diplomat negotiator
        prosecutor sergeant lieutenant detective doctor surgeon activist campaigner organiser organizer
        resident teacher farmer nurse worker student speaker whip deputy secretary-general
        president-elect administrator commissioner controller headteacher headmaster headmistress
        governor-general mep senator-elect rabbi imam cardinal
        """
    )
)
_TITLE_ABBREVIATIONS = {
    "sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General", "lt": "Lieutenant",
    "col": "Colonel", "capt": "Captain", "sgt": "Sergeant", "adm": "Admiral", "prof": "Professor",
    "rev": "Reverend", "supt": "Superintendent", "insp": "Inspector", "det": "Detective",
    "cmdr": "Commander", "maj": "Major", "dr": "Dr.", "pres": "President", "amb": "Ambassador",
}  # fmt: skip
_HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": None, "dr": None, "prof": None, "sir": "m",
    "dame": "f", "lord": "m", "lady": "f",
}  # fmt: skip
_TITLE_MODIFIERS = frozenset(
    word_list(
        """
        deputy vice former acting chief executive senior assistant associate general state union party
        opposition foreign defense defence finance health education interior prime junior shadow interim
        managing principal lead federal regional city county district national home trade transport
        transportation energy environment agriculture justice labor labour treasury police fire army
        navy military economic finance budget policy research press communications
        """
    )
)
_ORG_HEADS = frozenset(
    word_list(
        """
        ministry department agency office company government police association institute institution
        union council committee commission court bank fund authority board service party group groups
        officials university college school hospital administration pentagon kremlin congress parliament
        senate house assembly corporation corp inc ltd plc llc foundation federation organisation
        organization center centre bureau network times post news journal gazette herald tribune reuters
        press league alliance coalition campaign trust charity firm companies authorities lawmakers
        critics analysts experts economists researchers unions farmers residents scientists sources data
        figures report reports study survey forecast forecasts estimates statistics census poll index
        review audit ministries agencies regulator regulators watchdog prosecutors spokesman spokeswoman
        spokesperson team teams club army navy military forces embassy cabinet treasury secretariat
        commissioners
        """
    )
)
_ORG_SOURCE_NOUNS = frozenset(
    word_list(
        """
        report reports study survey forecast forecasts estimates statistics data figures analysis review
        census poll audit projections records filing filings statement documents
        """
    )
)
_NOT_NAME = frozenset(
    word_list(
        """
        the a an and but or he she it they we i you this that these those his her its their our my in on
        at for as if when while after before during however meanwhile asked both neither some many most
        also monday tuesday wednesday thursday friday saturday sunday january february march april may
        june july august september october november december mr mrs ms miss dr prof sir dame lord lady
        said says according with without from by to of new north south east west united saudi
        """
    )
)
_DEMONYM_END = re.compile(r"(?:ese|ian|ish|can|ean|ch|ic|ani|i)$")
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}

_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|announced|announces|warned|warns|noted|explained|explains|"
    r"argued|argues|claimed|insisted|insists|wrote|writes|acknowledged|acknowledges|admitted|admits|"
    r"asserted|asserts|confirmed|confirms|declared|declares|emphasi[sz]ed|stressed|stresses|predicted|"
    r"predicts|promised|promises|pledged|pledges|vowed|vows|estimated|testified|replied|responded|"
    r"suggested|suggests|maintained|contended|conceded|cautioned|recalled|concluded|countered|complained|"
    r"boasted|projected|believes|reiterated|urged|urges|disclosed|revealed|reported|expect|expects"
)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|later|previously|then|repeatedly|again|publicly|once|recently|earlier|"
    r"long|would|will|did|does|reportedly|privately|separately|subsequently|told\s+\w+\s+and))+\s*$"
)
_NP_BOUNDARY = re.compile(r"[,;:()\u2014\u2013\u201d\"\u00a4]|\s-\s")
_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?|[A-Z][a-z]?[A-Z][a-z]+|O['’][A-Z][a-z]+)"
_PARTICLE = r"(?:de|van|von|der|den|da|di|du|la|le|al|el|bin|ben|dos|del|ter|ibn)"
_NAME = re.compile(
    rf"(?<![\w'’.])(?P<name>{_TOKEN}(?:\s+(?:[A-Z]\.\s+)?(?:{_PARTICLE}\s+)?{_TOKEN}){{0,5}})"
    r"(?P<poss>['’]s?)?(?![\w])"
)
_HONORIFIC_NAME = re.compile(
    rf"\b(?P<hon>Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady)\.?\s+(?P<name>{_TOKEN}(?:\s+{_TOKEN})?)"
)
_ABBREV_TITLE_NAME = re.compile(
    rf"\b(?P<abbr>Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Supt|Insp|Det|Cmdr|Maj|Pres|Amb)\.\s+"
    rf"(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{0,2}})"
)
_WORDS_BACK = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z'’]|[A-Za-z]|[^\sA-Za-z]")
_APPOSITIVE_AFTER = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?P<t>[^,.;:“”\"]{2,90}?)(?=[,.;:]|$)"
)
_NOT_A_SUBJECT_BEFORE = re.compile(r"\b(?:the|at|of|from|for|with|by|in|on)\s+$", re.IGNORECASE)
_ORG_NAME_BEFORE = re.compile(r"[A-Z][\w&]*\s+(?:of|for|and|on|de|du|des|&)\s+(?:the\s+)?$")
# Quotations pair within a paragraph: an unclosed quote (a quote running on into the next paragraph)
# must not pair with a quote mark paragraphs away and hide the text between them.
_QUOTE_PAIR = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_OPENING_QUOTE = re.compile(r"^[\s(]*[“\"‘]")


@dataclass(slots=True)
class Person:
    name: str
    title: str | None
    first_at: int
    gender: str | None = None
    tokens: tuple[str, ...] = ()

    def ref(self) -> SpeakerRef:
        return SpeakerRef(name=self.name, title=self.title)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    person: Person
    in_quote: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: SpeakerRef | None
    has_quote: bool  # the statement contains a direct quotation
    quote_only: bool  # the statement is a quotation with no attribution of its own
    reported: bool  # the speaker was found by a speech verb or "according to"


def mask_quotes(text: str) -> str:
    """Replace the inside of closed quotations with a placeholder, keeping every offset unchanged."""

    def blank(m: re.Match[str]) -> str:
        inner = m.group()
        return inner[0] + "\u00a4" * (len(inner) - 2) + inner[-1]

    return _QUOTE_PAIR.sub(blank, text)


def _is_title_word(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLE_HEADS


def _clean_title(words: list[str]) -> str | None:
    """Drop a leading nationality from a title: "Japanese Prime Minister" -> "Prime Minister"."""
    while len(words) > 1 and words[0][:1].isupper() and _DEMONYM_END.search(words[0].lower()):
        if words[0].lower() in _TITLE_MODIFIERS or _is_title_word(words[0]):
            break
        words = words[1:]
    if not words:
        return None
    title = " ".join(words)
    return _TITLE_ABBREVIATIONS.get(title.lower().rstrip("."), title)


def _title_before(text: str, pos: int) -> str | None:
    """The title phrase that ends right before ``pos``: "chief executive", "State Senator", "Its director"."""
    window = text[max(0, pos - 90) : pos]
    if window and not window[-1].isspace():
        return None
    words = _WORDS_BACK.findall(window)
    collected: list[str] = []
    for word in reversed(words):
        low = word.lower().rstrip(".")
        if low in ("the", "a", "an", "its", "their", "his", "her", "our"):
            break
        if not word[0].isalpha():
            break
        if _is_title_word(word) or low in _TITLE_ABBREVIATIONS:
            collected.append(word)
        elif collected and (word[0].isupper() or low in _TITLE_MODIFIERS or word.endswith(("'", "’"))):
            if low in _NOT_NAME or low in ("and", "of"):
                break
            collected.append(word)
        elif (
            collected
            and low.isalpha()
            and low not in _NOT_NAME
            and len(collected) < 3
            and _is_title_word(collected[-1])
        ):
            collected.append(word)  # a lower-case modifier of the title: "agriculture minister"
        else:
            break
        if len(collected) >= 4:
            break
    collected.reverse()
    while collected and not (
        _is_title_word(collected[0])
        or collected[0][0].isupper()
        or collected[0].lower() in _TITLE_MODIFIERS
        or collected[0].endswith(("'", "’"))
    ):
        collected.pop(0)  # fmt: skip
    if not collected or not any(_is_title_word(w) or w.lower().rstrip(".") in _TITLE_ABBREVIATIONS
                                for w in collected):  # fmt: skip
        return None
    return _clean_title(collected)


def _title_in_phrase(phrase: str) -> str | None:
    """A title at the start of an appositive: "president of the Grain Growers Association"."""
    words = phrase.split()
    if not words or not any(_is_title_word(w) for w in words[:4]):
        return None
    if words[0].lower() in ("who", "which", "that", "whose", "where", "when"):
        return None
    return _clean_title(words) if len(words) <= 12 else None


class PersonIndex:
    """The people an article introduces, and where each of them is mentioned."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked = mask_quotes(text)
        self.persons: list[Person] = []
        self._by_token: dict[str, list[Person]] = {}
        self.mentions: list[Mention] = []
        self._mention_starts: list[int] = []
        self._introduce()
        self._collect_mentions()

    # -- building -------------------------------------------------------------------------------------
    def _add(self, name: str, title: str | None, at: int, gender: str | None = None) -> Person:
        tokens = tuple(t.lower() for t in name.split())
        if len(tokens) > 1:
            # "Mr. Hegseth" met before "Pete Hegseth": the full name completes the earlier person.
            for person in self._by_token.get(tokens[-1], []):
                if len(person.tokens) == 1:
                    person.name, person.tokens = name, tokens
                    person.title = person.title or title
                    for tok in tokens[:-1]:
                        if tok not in _NOT_NAME:
                            self._by_token.setdefault(tok, []).append(person)
                    return person
        existing = self.find_by_tokens(tokens, at=at)
        if existing is not None and (len(tokens) == 1 or tuple(existing.tokens) == tokens):
            if existing.title is None and title:
                existing.title = title
            if existing.gender is None and gender:
                existing.gender = gender
            return existing
        person = Person(name=name, title=title, first_at=at, gender=gender, tokens=tokens)
        self.persons.append(person)
        for tok in tokens:
            if tok not in _NOT_NAME:
                self._by_token.setdefault(tok, []).append(person)
        return person

    def _introduce(self) -> None:
        text = self.text
        for m in _NAME.finditer(text):
            tokens = m.group("name").split()
            start = m.start("name")
            # Title words inside the capitalised run belong to the title: "Japanese Prime Minister Shigeru
            # Ishiba" is the person "Shigeru Ishiba" with the title "Prime Minister".
            lead = 0
            for i, token in enumerate(tokens[:-1]):
                if _is_title_word(token) or token.lower() in _NOT_NAME:
                    lead = i + 1
            name_tokens = tokens[lead:]
            if any(t.lower() in _ORG_HEADS for t in name_tokens):
                continue
            name_start = start + len(" ".join(tokens[:lead])) + (1 if lead else 0)
            title_words = [t for t in tokens[:lead] if t.lower() not in _NOT_NAME]
            title = _clean_title(title_words) if any(_is_title_word(t) for t in title_words) else None
            if title is None:
                title = _title_before(text, name_start if not title_words else start)
            name = " ".join(name_tokens)
            name_end = m.end("name")
            context = title is not None or self._speech_context(name_start, name_end)
            # "Dr" says little; "Dr Meera Patel, chair of the Royal College ..." says what she is.
            appositive = self._appositive_title(name_start, name_end) if title in (None, "Dr.") else None
            if appositive:
                title = appositive
                context = True
            if not context or (title is None and len(name_tokens) < 2):
                continue
            if _ORG_NAME_BEFORE.search(text, max(0, name_start - 40), name_start):
                continue  # "the Office for Budget Responsibility": the end of an organisation's name
            if title is None and _NOT_A_SUBJECT_BEFORE.search(text, max(0, name_start - 6), name_start):
                continue  # "the United States said", "analysts at Goldman Sachs expect": no person
            self._add(name, title, name_start)
        for m in _HONORIFIC_NAME.finditer(text):
            name = m.group("name")
            hon = m.group("hon").lower()
            title = "Dr." if hon == "dr" else ("Professor" if hon == "prof" else None)
            person = self._add(name, title, m.start("name"), _HONORIFICS.get(hon))
            if person.gender is None:
                person.gender = _HONORIFICS.get(hon)
        for m in _ABBREV_TITLE_NAME.finditer(text):
            self._add(m.group("name"), _TITLE_ABBREVIATIONS[m.group("abbr").lower()], m.start("name"))

    def _speech_context(self, start: int, end: int) -> bool:
        after = self.masked[end : end + 140]
        if re.match(
            rf"(?:['’]s?)?(?:,\s+(?:who|whose|an?|the)\b[^,.;]{{0,100}},)?"
            rf"(?:\s+(?:also|later|previously|has|had|have|then))*\s+(?:{_SPEECH_VERBS})\b",
            after,
        ):
            return True
        before = self.masked[max(0, start - 30) : start]
        return bool(re.search(rf"\b(?:{_SPEECH_VERBS})\s+$|\baccording\s+to\s+$", before))

    def _appositive_title(self, start: int, end: int) -> str | None:
        m = _APPOSITIVE_AFTER.match(self.masked, end)
        if m:
            title = _title_in_phrase(m.group("t"))
            if title:
                return title
        # "the Education Secretary, Priya Chandra," / "Its director, Paul Whitaker, said"
        before = self.masked[max(0, start - 60) : start]
        bm = re.search(
            r"(?:^|[,.;:”\"]\s*|\b(?:the|its|their|his|her)\s+)(?P<t>[A-Za-z'’ \-]{2,50}),\s+$", before
        )
        if bm and self.masked[end : end + 1] == ",":
            words = bm.group("t").split()
            while words and words[0].lower() in ("the", "its", "their", "his", "her", "a", "an"):
                words = words[1:]
            if words and _is_title_word(words[-1]):
                return _clean_title(words)
        return None

    def _collect_mentions(self) -> None:
        found: list[Mention] = []
        quotes = [(m.start(), m.end()) for m in _QUOTE_PAIR.finditer(self.text)]
        starts = [q[0] for q in quotes]

        def in_quote(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and quotes[i][0] < pos < quotes[i][1]

        for m in _NAME.finditer(self.text):
            tokens = m.group("name").split()
            offset = m.start("name")
            i = 0
            while i < len(tokens):
                # Longest known name starting at token i, else a single known token.
                matched = None
                for j in range(len(tokens), i, -1):
                    cand = tuple(t.lower() for t in tokens[i:j])
                    person = self.find_by_tokens(cand, at=offset)
                    if person is not None and (len(cand) > 1 or cand[0] in person.tokens):
                        matched = (j, person)
                        break
                if matched:
                    j, person = matched
                    s = offset + len(" ".join(tokens[:i])) + (1 if i else 0)
                    e = s + len(" ".join(tokens[i:j]))
                    found.append(Mention(s, e, person, in_quote(s)))
                    i = j
                else:
                    i += 1
        found.sort(key=lambda mention: mention.start)
        self.mentions = found
        self._mention_starts = [mention.start for mention in found]

    # -- lookups --------------------------------------------------------------------------------------
    def find_by_tokens(self, tokens: Sequence[str], *, at: int) -> Person | None:
        """The person whose name holds all ``tokens``; the one introduced nearest before ``at`` wins."""
        if not tokens:
            return None
        candidates = [p for p in self._by_token.get(tokens[-1], []) if all(t in p.tokens for t in tokens)]
        if not candidates:
            return None
        before = [p for p in candidates if p.first_at <= at]
        pool = before or candidates
        # Prefer a name whose last token is the surname asked for ("Mr. Hegseth" -> "Pete Hegseth").
        pool.sort(key=lambda p: (p.tokens[-1] != tokens[-1], -p.first_at if before else p.first_at))
        return pool[0]

    def find_by_role(self, role: str, *, at: int) -> Person | None:
        """The person introduced with a title ending in ``role`` ("defense minister", "chief executive")."""
        role = role.lower().strip()
        if not role:
            return None
        matching = [
            p
            for p in self.persons
            if p.title and (p.title.lower() == role or p.title.lower().endswith(" " + role)
                            or role.endswith(" " + p.title.lower()))
        ]  # fmt: skip
        if not matching:
            return None
        earlier = [p for p in matching if self.last_mention_before(p, at) is not None]
        if earlier:
            return max(earlier, key=lambda p: self.last_mention_before(p, at) or -1)
        return min(matching, key=lambda p: p.first_at)

    def last_mention_before(self, person: Person, at: int) -> int | None:
        i = bisect.bisect_left(self._mention_starts, at) - 1
        while i >= 0:
            if self.mentions[i].person is person:
                return self.mentions[i].start
            i -= 1
        return None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def nearest_mention_before(self, at: int, gender: str | None) -> Person | None:
        i = bisect.bisect_left(self._mention_starts, at) - 1
        while i >= 0:
            mention = self.mentions[i]
            if not mention.in_quote and _fits(mention.person, gender):
                return mention.person
            i -= 1
        return None


def _fits(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender


@dataclass(slots=True)
class _State:
    recent: list[tuple[int, Person]] = field(default_factory=list)  # (segment index, speaker)


def attribute_segments(
    text: str, segments: Sequence[Segment], index: PersonIndex | None = None
) -> list[Attribution]:
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
        result.append(
            Attribution(speaker=speaker, has_quote=has_quote, quote_only=quote_only, reported=reported)
        )
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
                before = _resolve_np(
                    index, seg, inner[prev_cut + 1 : cut], seg.start + prev_cut + 1, state, n
                )
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
                ref = _resolve_np(
                    index, seg, np_match.group(1), seg.start + m.end() + np_match.start(1), state, n
                )
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
        if m.group() not in ("and", "of", "the") and not _is_title_word(m.group()):
            return m.start()
    return len(np_text)


def _resolve_np(
    index: PersonIndex, seg: Segment, np_text: str, np_at: int, state: _State, n: int
) -> SpeakerRef | None:
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
            pick = (
                first if re.fullmatch(r"(?:['’]s)?\s+and\s+(?:[A-Z][a-z]+\.?\s+)*", between) else closing[-1]
            )
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
    if role_words and _is_title_word(role_words[-1]) and role_words[-1].lower() not in _ORG_HEADS:
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
    if head in _ORG_HEADS or (core[0][:1].isupper() and capitalised >= len(core) - 1):
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
        w[:1].isupper() or _is_title_word(w) or w.lower().rstrip(".") in _TITLE_MODIFIERS for w in words
    )


def _resolve_pronoun(
    index: PersonIndex, seg: Segment, gender: str, at: int, state: _State, n: int
) -> SpeakerRef | None:
    person: Person | None = None
    # 1. The subject of this very sentence: "Lucia Ferreira ... proposed ..., which she said ...".
    opening = [m for m in index.mentions_between(seg.start, at) if not m.in_quote]
    if opening and _opens_sentence(index, seg, opening[0]) and _fits(opening[0].person, gender):
        person = opening[0].person
    # 2. The most recent speaker of a fitting gender, in the last few statements.
    if person is None:
        for seg_n, candidate in reversed(state.recent):
            if n - seg_n > 4:
                break
            if _fits(candidate, gender):
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
