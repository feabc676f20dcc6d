"""The people an article names: who they are (name, title, gender hints) and where they are
mentioned, so a later surname, title or pronoun can be resolved to the person it means."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.extraction.types import SpeakerRef, word_list

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


TITLE_MODIFIERS = frozenset(
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


ORG_HEADS = frozenset(
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


SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|announced|announces|warned|warns|noted|explained|explains|"
    r"argued|argues|claimed|insisted|insists|wrote|writes|acknowledged|acknowledges|admitted|admits|"
    r"asserted|asserts|confirmed|confirms|declared|declares|emphasi[sz]ed|stressed|stresses|predicted|"
    r"predicts|promised|promises|pledged|pledges|vowed|vows|estimated|testified|replied|responded|"
    r"suggested|suggests|maintained|contended|conceded|cautioned|recalled|concluded|countered|complained|"
    r"boasted|projected|believes|reiterated|urged|urges|disclosed|revealed|reported|expect|expects"
)


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


_APPOSITIVE_AFTER = re.compile(r",\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?P<t>[^,.;:“”\"]{2,90}?)(?=[,.;:]|$)")


_NOT_A_SUBJECT_BEFORE = re.compile(r"\b(?:the|at|of|from|for|with|by|in|on)\s+$", re.IGNORECASE)


_ORG_NAME_BEFORE = re.compile(r"[A-Z][\w&]*\s+(?:of|for|and|on|de|du|des|&)\s+(?:the\s+)?$")


# Quotations pair within a paragraph: an unclosed quote (a quote running on into the next paragraph)
# must not pair with a quote mark paragraphs away and hide the text between them.
_QUOTE_PAIR = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")


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


def mask_quotes(text: str) -> str:
    """Replace the inside of closed quotations with a placeholder, keeping every offset unchanged."""

    def blank(m: re.Match[str]) -> str:
        inner = m.group()
        return inner[0] + "\u00a4" * (len(inner) - 2) + inner[-1]

    return _QUOTE_PAIR.sub(blank, text)


def is_title_word(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLE_HEADS


def _clean_title(words: list[str]) -> str | None:
    """Drop a leading nationality from a title: "Japanese Prime Minister" -> "Prime Minister"."""
    while len(words) > 1 and words[0][:1].isupper() and _DEMONYM_END.search(words[0].lower()):
        if words[0].lower() in TITLE_MODIFIERS or is_title_word(words[0]):
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
        if is_title_word(word) or low in _TITLE_ABBREVIATIONS:
            collected.append(word)
        elif collected and (word[0].isupper() or low in TITLE_MODIFIERS or word.endswith(("'", "’"))):
            if low in _NOT_NAME or low in ("and", "of"):
                break
            collected.append(word)
        elif (
            collected and low.isalpha() and low not in _NOT_NAME and len(collected) < 3 and is_title_word(collected[-1])
        ):
            collected.append(word)  # a lower-case modifier of the title: "agriculture minister"
        else:
            break
        if len(collected) >= 4:
            break
    collected.reverse()
    while collected and not (
        is_title_word(collected[0])
        or collected[0][0].isupper()
        or collected[0].lower() in TITLE_MODIFIERS
        or collected[0].endswith(("'", "’"))
    ):
        collected.pop(0)  # fmt: skip
    if not collected or not any(is_title_word(w) or w.lower().rstrip(".") in _TITLE_ABBREVIATIONS
                                for w in collected):  # fmt: skip
        return None
    return _clean_title(collected)


def _title_in_phrase(phrase: str) -> str | None:
    """A title at the start of an appositive: "president of the Grain Growers Association"."""
    words = phrase.split()
    if not words or not any(is_title_word(w) for w in words[:4]):
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
                if is_title_word(token) or token.lower() in _NOT_NAME:
                    lead = i + 1
            name_tokens = tokens[lead:]
            if any(t.lower() in ORG_HEADS for t in name_tokens):
                continue
            name_start = start + len(" ".join(tokens[:lead])) + (1 if lead else 0)
            title_words = [t for t in tokens[:lead] if t.lower() not in _NOT_NAME]
            title = _clean_title(title_words) if any(is_title_word(t) for t in title_words) else None
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
            rf"(?:\s+(?:also|later|previously|has|had|have|then))*\s+(?:{SPEECH_VERBS})\b",
            after,
        ):
            return True
        before = self.masked[max(0, start - 30) : start]
        return bool(re.search(rf"\b(?:{SPEECH_VERBS})\s+$|\baccording\s+to\s+$", before))

    def _appositive_title(self, start: int, end: int) -> str | None:
        m = _APPOSITIVE_AFTER.match(self.masked, end)
        if m:
            title = _title_in_phrase(m.group("t"))
            if title:
                return title
        # "the Education Secretary, Priya Chandra," / "Its director, Paul Whitaker, said"
        before = self.masked[max(0, start - 60) : start]
        bm = re.search(r"(?:^|[,.;:”\"]\s*|\b(?:the|its|their|his|her)\s+)(?P<t>[A-Za-z'’ \-]{2,50}),\s+$", before)
        if bm and self.masked[end : end + 1] == ",":
            words = bm.group("t").split()
            while words and words[0].lower() in ("the", "its", "their", "his", "her", "a", "an"):
                words = words[1:]
            if words and is_title_word(words[-1]):
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
            if not mention.in_quote and fits(mention.person, gender):
                return mention.person
            i -= 1
        return None


def fits(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender
