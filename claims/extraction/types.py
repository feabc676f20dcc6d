"""Dataclasses shared by the pure extraction pipeline.

No Django imports anywhere in ``claims/extraction``: strings in, these dataclasses out.
Offsets are character offsets into the text the pipeline was given (``str`` indexing),
so ``text[claim.start:claim.end] == claim.text`` always holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


def word_list(text: str) -> list[str]:
    """The white-space separated words of a word list written as one string (the lexicons' notation)."""
    return text.split()


class ClaimKind(StrEnum):
    STATISTIC = "statistic"
    QUOTE = "quote"
    PROMISE = "promise"  # promises and predictions
    COMPARISON = "comparison"
    EVENT = "event"
    OPINION = "opinion"


class Bound(StrEnum):
    EQ = "eq"  # exactly / plain mention
    AT_LEAST = "ge"
    AT_MOST = "le"
    APPROX = "approx"


class Change(StrEnum):
    FROM = "from"
    TO = "to"


class QuantityKind(StrEnum):
    COUNT = "count"  # 55,000 troops
    PERCENT = "percent"  # 2%, 2.3 per cent, forty percent
    MONEY = "money"  # $34 million, NZ$412 billion, £9.6bn
    RATIO = "ratio"  # a fifth, two-thirds
    DATE = "date"  # by 2027, in 2019 (a year, not a count)
    MEASURE = "measure"  # 12 km, 3.5 tonnes


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str  # surface text, e.g. "at least 3%"
    start: int  # offsets into the article text
    end: int
    value: float  # the number as a number: 55000.0, 3.0, 412e9
    unit: str | None  # "percent", "troops", "USD", "NZD", "GBP", "year", ...
    kind: QuantityKind
    bound: Bound | None = Bound.EQ
    change: Change | None = None  # "from 2% ... to at least 3%": FROM on the first, TO on the second
    currency: str | None = None  # ISO code for money
    of: str | None = None  # what a percentage is of: "GDP"
    noun: str | None = None  # the counted noun: "troops", "officers"
    value_to: float | None = None  # upper end of a range "between 10 and 12"


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    name: str  # full name as first met: "Pete Hegseth", or an organisation: "the ministry"
    title: str | None = None  # "Defense Secretary"
    is_organisation: bool = False


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    text: str
    start: int
    end: int
    kind: ClaimKind
    checkworthiness: float  # in [0, 1]
    speaker: SpeakerRef | None = None
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleText:
    """A cleaned article: main text without boilerplate, plus metadata."""

    text: str  # paragraphs separated by "\n\n"
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    dateline: str | None = None  # "TOKYO"
    canonical_url: str | None = None
    language: str | None = None
    removed: tuple[str, ...] = field(default=())  # boilerplate lines dropped, for debugging


class ArticleReadError(ValueError):
    """The content cannot be read as an article; ``reason`` says why in words a user understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
