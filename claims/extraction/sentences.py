"""Split article text into statement units (sentences or clauses) with exact character offsets.

Promises:

* every :class:`Segment` satisfies ``text[seg.start:seg.end] == seg.text``, has no leading or trailing
  white space, and segments come in text order without overlapping;
* a sentence boundary is never placed after an abbreviation ("Mr.", "Gen.", "Jan.", "U.S." followed by a
  lower-case or proper-noun word), inside a number ("2.5%", "$50.1 billion"), or inside a closed quotation,
  so a quote that runs over several sentences stays one unit;
* a dateline prefix ("TOKYO —", "LONDON (Reuters) -") and list bullets are left out of the unit that
  follows them, so they never reach attribution or scoring.

Paragraphs are separated by blank lines; a single line break also ends a paragraph unless the line is a
long line without final punctuation (text pasted with hard wrapping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.types import word_list

__all__ = ["Segment", "split_paragraphs", "split_sentences", "split_statements"]


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph the unit belongs to
    ends_paragraph: bool  # whether the unit is the last one in its paragraph
    terminated: bool  # ends with sentence punctuation (a headline or menu line does not)


# Abbreviations after which a period never ends a sentence (titles, months, name-like short forms).
_NEVER_FINAL = frozenset(
    word_list(
        """
        mr mrs ms dr prof gen sen rep gov lt col capt sgt cpl adm maj brig cmdr rev hon st mt ft fr
        messrs mme mlle jan feb mar apr jun jul aug sep sept oct nov dec no nos vs v approx est dept
        univ assn gens reps sens pres supt det insp ave blvd fig e.g i.e cf al
        """
    )
)
# Abbreviations that may end a sentence: a boundary only when a typical sentence opener follows.
_MAYBE_FINAL = frozenset(
    word_list(
        """
        etc inc corp co ltd llc plc jr sr bros a.m p.m u.s u.k u.n e.u d.c
        """
    )
)
_SENTENCE_OPENERS = frozenset(
    word_list(
        """
        the a an he she it they we i you this that these those there his her its their our my but and so
        yet in on at for as if when while after before during however meanwhile mr mrs ms dr asked still
        also both neither some many most officials critics
        """
    )
)

_CANDIDATE = re.compile(r"[.!?…]+[\"”’'\)\]]*(?=\s)")
_SEMICOLON = re.compile(r";(?=\s)")
_TOKEN_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.?$")
_NEXT_WORD = re.compile(r"\s*[\"“‘'(\[]?\s*([A-Za-z]+)")
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+|\n")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+){0,2}"
    r"(?:\s*\([A-Za-z .]+\))?)\s*(?:—|–|--|-)\s+(?=\S)"
)
_BULLET = re.compile(r"^[•·▪►\-–—*]+\s+")
_WORD = re.compile(r"[^\W\d_]+")
_TERMINAL = re.compile(r"[.!?…;][\"”’'\)\]]*$|[\"”]$")

# A quote longer than this is not kept as one unit: an unbalanced quote mark must not swallow an article.
_MAX_QUOTE_CHARS = 1500
_MIN_CLAUSE_WORDS = 5


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the non-blank paragraphs of ``text``, stripped of white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    pending: tuple[int, int] | None = None
    for match in _PARA_BREAK.finditer(text + "\n"):
        line_start, line_end = pos, match.start()
        pos = match.end()
        stripped = _strip_span(text, line_start, min(line_end, len(text)))
        blank_line = match.group().count("\n") > 1
        if stripped is None:
            if pending:
                spans.append(pending)
                pending = None
            continue
        if pending is not None:
            pending = (pending[0], stripped[1])
        else:
            pending = stripped
        # A long line with no final punctuation followed by a single newline is hard-wrapped prose.
        wrapped = (
            not blank_line and pending[1] - pending[0] >= 60 and not _TERMINAL.search(text[pending[0] : pending[1]])
        )
        if not wrapped:
            spans.append(pending)
            pending = None
    if pending:
        spans.append(pending)
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Closed quotations in ``text[start:end]``: curly pairs, and straight double quotes paired in order."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“":
            if open_at is None:
                open_at = i
        elif ch == "”":
            if open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                spans.append((straight_open, i + 1))
                straight_open = None
    return [s for s in spans if s[1] - s[0] <= _MAX_QUOTE_CHARS]


def _is_boundary(text: str, dot_start: int, after: int, para_end: int) -> bool:
    """Decide whether the punctuation run ``text[dot_start:after]`` ends a sentence."""
    nxt = _NEXT_WORD.match(text, after, para_end)
    next_char_pos = after
    while next_char_pos < para_end and text[next_char_pos].isspace():
        next_char_pos += 1
    if next_char_pos >= para_end:
        return True
    next_char = text[next_char_pos]
    if next_char.islower():
        return False
    punct = text[dot_start:after]
    if not punct.startswith("."):
        return True
    if punct.startswith("..."):
        return True
    before = _TOKEN_BEFORE.search(text, max(0, dot_start - 20), dot_start + 1)
    if before is None:
        return True
    token = before.group(1).lower()
    if len(token) == 1:
        return False  # an initial: "John F. Kennedy"
    if token in _NEVER_FINAL:
        return False
    dotted = "." in token or token in _MAYBE_FINAL
    if dotted:
        if nxt is None:
            return True
        return nxt.group(1).lower() in _SENTENCE_OPENERS
    return True


def split_statements(text: str) -> list[Segment]:
    """Split ``text`` into statement units: sentences, and clauses joined by a semicolon.

    A dateline or bullet at the start of a paragraph is excluded from the first unit.
    """
    segments: list[Segment] = []
    for para_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        head = _BULLET.match(text, p_start, p_end)
        if head:
            p_start = head.end()
        dateline = _DATELINE.match(text[p_start:p_end])
        if dateline and _looks_like_dateline(dateline.group()):
            p_start += dateline.end()
        quotes = _quote_spans(text, p_start, p_end)

        def inside_quote(pos: int, quotes: list[tuple[int, int]] = quotes) -> bool:
            return any(qs < pos < qe - 1 for qs, qe in quotes)

        cuts: list[int] = []
        for match in _CANDIDATE.finditer(text, p_start, p_end):
            if inside_quote(match.start()):
                continue
            if _is_boundary(text, match.start(), match.end(), p_end):
                cuts.append(match.end())
        for match in _SEMICOLON.finditer(text, p_start, p_end):
            if not inside_quote(match.start()):
                cuts.append(-match.end())  # negative marks a clause cut, checked for length below
        cuts.sort(key=abs)
        pieces = _apply_cuts(text, p_start, p_end, cuts)
        for n, (s, e) in enumerate(pieces):
            body = text[s:e]
            segments.append(
                Segment(
                    text=body,
                    start=s,
                    end=e,
                    paragraph=para_index,
                    ends_paragraph=n == len(pieces) - 1,
                    terminated=bool(_TERMINAL.search(body)),
                )
            )
    return segments


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, as strings (no clause cuts at semicolons, datelines kept).

    The same boundary rule as :func:`split_statements` ("Mr." or an initial never ends a sentence);
    joining the pieces with " " restores the paragraph up to white space.
    """
    end = len(paragraph)
    cuts = [m.end() for m in _CANDIDATE.finditer(paragraph) if _is_boundary(paragraph, m.start(), m.end(), end)]
    return [paragraph[s:e] for s, e in _apply_cuts(paragraph, 0, end, cuts)]


def _apply_cuts(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pos = start
    for cut in cuts:
        at = abs(cut)
        if at <= pos or at >= end:
            continue
        if cut < 0:
            # A semicolon splits clauses only when both sides are statements of their own.
            left_words = len(_WORD.findall(text, pos, at))
            right_limit = next((abs(c) for c in cuts if abs(c) > at), end)
            right_words = len(_WORD.findall(text, at, right_limit))
            if left_words < _MIN_CLAUSE_WORDS or right_words < _MIN_CLAUSE_WORDS:
                continue
        span = _strip_span(text, pos, at)
        if span:
            pieces.append(span)
        pos = at
    span = _strip_span(text, pos, end)
    if span:
        pieces.append(span)
    return pieces


def _looks_like_dateline(prefix: str) -> bool:
    """A dateline is a short upper-case place name, not an upper-case sentence opener such as "A".

    Requiring at least three letters before the dash keeps "A - B" lists and initials out.
    """
    letters = [c for c in prefix if c.isalpha()]
    upper_head = re.match(r"[A-Z.'’\- ]+", prefix)
    return len(letters) >= 3 and upper_head is not None and len(upper_head.group().strip()) >= 3
