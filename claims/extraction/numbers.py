"""Numbers written in words ("fifty-five thousand", "a quarter", "one in five", "twice") and digits
with their scale suffixes, as floats and as the patterns that find them in text."""

from __future__ import annotations

import re
from decimal import Decimal

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12,
}  # fmt: skip


SCALE_WORDS = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


SCALE_SUFFIX = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
    "billion": 1e9, "tn": 1e12, "trn": 1e12, "trillion": 1e12, "hundred": 100.0, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip


FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9,
    "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip


_NUM_ALT = "|".join(sorted(list(SMALL) + list(SCALE_WORDS), key=len, reverse=True))


_FRAC_ALT = "|".join(sorted(FRACTIONS, key=len, reverse=True))


WORDS = re.compile(
    rf"\b(?:(?P<a>an?)\s+)?(?P<words>(?:{_NUM_ALT})(?:(?:\s+and\s+|[\s-]+)(?:{_NUM_ALT}))*)\b"
    rf"(?:\s+(?P<pct>per\s?cent|percent|percentage\s+points?)\b)?",
    re.IGNORECASE,
)


FRACTION = re.compile(
    rf"\b(?:(?P<numer>an?|one|two|three|four|five|six|seven|eight|nine|\d)[\s-]+)?(?P<frac>{_FRAC_ALT})\b",
    re.IGNORECASE,
)


ONE_IN = re.compile(rf"\b(?P<a>one|a|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>{_NUM_ALT}|\d+)\b", re.IGNORECASE)


TIMES = re.compile(rf"\b(?:(?P<n>{_NUM_ALT}|\d+(?:\.\d+)?)\s+times|(?P<twice>twice|thrice))\b", re.IGNORECASE)


def words_to_number(words: str) -> float | None:
    """Read a run of English number words ("three hundred and five", "a million") as a number.

    Returns ``None`` when the words are not a well-formed number.
    """
    total = 0.0
    current = 0.0
    seen = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("", "and"):
            continue
        if token in ("a", "an"):
            if seen:
                return None
            current = 1.0
            continue
        if token in SMALL:
            current += SMALL[token]
        elif token == "hundred":
            current = (current or 1.0) * 100
        elif token in SCALE_WORDS:
            total += (current or 1.0) * SCALE_WORDS[token]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_digits(num: str, factor: float = 1.0) -> float:
    # Decimal arithmetic so that "8.2 million" is 8200000.0, not 8199999.999999999.
    return float(Decimal(num.replace(",", "")) * Decimal(int(factor)))
