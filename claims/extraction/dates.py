"""Dates as articles write them ("Sunday, March 30, 2025", "30 Mar 2025", ISO) and lines that are
nothing but a date."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


_MONTH = r"(?P<mon>(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?)"


_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"


_YEAR = r"(?P<year>(?:19|20)\d\d)"


_DATE_FORMS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # March 30, 2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 30 March 2025
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),  # ISO, any time after
)


_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"


# What may stand beside a date on a line that says nothing but when the article appeared.
_DATE_LINE_EXTRAS = re.compile(
    rf"""(?ix)
    \b(?:first\s+|last\s+)?(?:published|updated|posted|modified|date|on|at|last)\b
    | \b{_WEEKDAY}(?=\W|$)
    | \b\d{{1,2}}[:.]\d\d(?::\d\d)?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?
    | \b\d{{1,2}}\s*[ap]\.?m\.?
    | T\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?
    | \b(?:utc|gmt|bst|cet|cest|[ecmp][sd]?t|aest|aedt|jst|ist)\b
    | [+-]\d\d:?\d\d\b
    """
)


def parse_date(value: str) -> dt.date | None:
    """The first calendar date written in ``value``, read as written (no time-zone shifting)."""
    found = _find_date(value)
    return found[0] if found else None


def _find_date(value: str) -> tuple[dt.date, tuple[int, int]] | None:
    best: tuple[dt.date, tuple[int, int]] | None = None
    for form in _DATE_FORMS:
        match = form.search(value)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get(parts["mon"][:3].lower())
        try:
            date = dt.date(int(parts["year"]), month or 0, int(parts["day"]))
        except ValueError:
            continue
        if best is None or match.start() < best[1][0]:
            best = (date, match.span())
    return best


def date_line(line: str) -> dt.date | None:
    """The date when ``line`` says nothing but a date (with weekday, time, "Published", ...)."""
    if len(line) > 120:  # the longest such line, with weekday, time and zone, is far shorter
        return None
    found = _find_date(line)
    if found is None:
        return None
    date, (start, end) = found
    rest = _DATE_LINE_EXTRAS.sub(" ", line[:start] + " " + line[end:])
    return date if not re.search(r"\w", rest) else None
