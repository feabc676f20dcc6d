"""Find every number in a text and read it as a value with a unit, a bound and a direction of change.

:func:`extract_quantities` is used on claims and, by evidence ranking, on evidence snippets, so it
knows nothing about articles: plain text in, :class:`~claims.extraction.types.Quantity` out.

What it reads (each rule has named examples in ``tests/extraction/test_quantities.py``):

* digits with thousands separators and decimals, scale words and suffixes: "55,000", "2.5 million",
  "£9.6bn", "$34m", "NZ$412 billion", "50k";
* numbers in words: "three hundred new officers", "forty percent", "a million", "twenty-five";
* percentages ("2%", "2.3 per cent", "forty percent"), percentage points, and what a percentage is of
  when that is GDP ("2% of Japan's gross domestic product" → ``of="GDP"``);
* money with an ISO currency from symbols, prefixed dollars ("C$", "A$", "NZ$", "US$"), codes ("EUR 3m")
  and currency words ("300 euros", "5 million Canadian dollars");
* fractions and ratios: "a fifth", "two-thirds", "half", "one in five", "three times";
* the counted noun after a count ("1,200 administrative positions" → ``noun="positions"``) and
  measurement units ("8.2 million tonnes");
* bounds ("at least"/"more than" → ≥, "up to"/"less than"/"as much as" → ≤, "about"/"nearly"/"some" → ≈),
  changes ("from 2% ... to at least 3%", "fall to 8.2 million", "up from 61%"), and ranges
  ("between 10 and 12", "10-12 per cent");
* years as dates, not counts ("by 2027", "its 2019 level", "the 1990s", "2024-25"), while days of the
  month, clock times, ordinals and numbers glued to letters ("COVID-19", "F-35", "G7") are not quantities.

Values are in units, not in the scale written: "£1.1bn" has value 1.1e9; a percentage keeps its
number (2% → 2.0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claims.extraction.numbers import (
    FRACTION,
    FRACTIONS,
    ONE_IN,
    SCALE_SUFFIX,
    SCALE_WORDS,
    SMALL,
    TIMES,
    WORDS,
    parse_digits,
    words_to_number,
)
from claims.extraction.types import Bound, Change, Quantity, QuantityKind, word_list
from claims.extraction.units import CURRENCY_WORDS, DOLLAR_ADJECTIVES, MEASURE_UNITS, PREFIX_CURRENCY

__all__ = ["extract_quantities"]


# After "a third"/"a quarter", these nouns mean an ordinal or a calendar quarter, not a fraction.
_ORDINAL_NOUNS = frozenset(
    word_list(
        """
        party parties term time round place year day week consecutive straight option way person country
        wave reading world century quarter-final leg runway terminal bridge child
        """
    )
)


_PREFIX_ALT = "|".join(re.escape(k) for k in sorted(PREFIX_CURRENCY, key=len, reverse=True))


_DIGITS = re.compile(
    rf"(?<![\w.,/:$£€¥₹₩])"
    rf"(?P<sign>(?<![^\s(])[-−](?=\d))?"
    rf"(?:(?P<cur>{_PREFIX_ALT})\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<tail>(?:st|nd|rd|th|s|am|pm|a\.m\.|p\.m\.)\b|:\d\d)?"
    r"(?:\s?(?P<scale>bn|mn|mln|tn|trn|k|m|b|thousand|million|billion|trillion|hundred|lakh|crore)(?![\w$]))?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|pct\b|percentage\s+points?\b|percent\b))?"
)


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)


_MONTH_BEFORE = re.compile(rf"{_MONTH}\s+$")


_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{_MONTH}\b")


_BOUND_BEFORE = re.compile(
    r"(?P<phrase>at\s+least|more\s+than|greater\s+than|higher\s+than|upwards\s+of|in\s+excess\s+of|"
    r"no\s+(?:fewer|less)\s+than|exceeding|just\s+over|over|above|at\s+most|up\s+to|less\s+than|"
    r"fewer\s+than|lower\s+than|no\s+more\s+than|as\s+(?:much|many|high)\s+as|just\s+under|under|below|"
    r"about|around|nearly|almost|roughly|approximately|some|close\s+to|an\s+estimated|estimated|circa|"
    r"approx\.|~)\s*$",
    re.IGNORECASE,
)


_BOUND_OF = {
    "at least": Bound.AT_LEAST, "more than": Bound.AT_LEAST, "greater than": Bound.AT_LEAST,
    "higher than": Bound.AT_LEAST, "upwards of": Bound.AT_LEAST, "in excess of": Bound.AT_LEAST,
    "no fewer than": Bound.AT_LEAST, "no less than": Bound.AT_LEAST, "exceeding": Bound.AT_LEAST,
    "just over": Bound.AT_LEAST, "over": Bound.AT_LEAST, "above": Bound.AT_LEAST,
    "at most": Bound.AT_MOST, "up to": Bound.AT_MOST, "less than": Bound.AT_MOST,
    "fewer than": Bound.AT_MOST, "lower than": Bound.AT_MOST, "no more than": Bound.AT_MOST,
    "as much as": Bound.AT_MOST, "as many as": Bound.AT_MOST, "as high as": Bound.AT_MOST,
    "just under": Bound.AT_MOST, "under": Bound.AT_MOST, "below": Bound.AT_MOST,
}  # fmt: skip


_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:(?:last|this|the\s+previous|a|the|its|their|his|her)\s+(?:year|month|week|quarter)?['’]?s?\s*)?$",
    re.IGNORECASE,
)


_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)


_CHANGE_WORD = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|f[ae]ll(?:s|en|ing)?|drop(?:s|ped|ping)?|increas(?:e|es|ed|ing)|"
    r"decreas(?:e|es|ed|ing)|cut(?:s|ting)?|gr[eo]w(?:s|n|ing)?|climb(?:s|ed|ing)?|declin(?:e|es|ed|ing)|"
    r"reduc(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|plung(?:e|es|ed|ing)|"
    r"recover(?:s|ed|ing)?|lift(?:s|ed|ing)?|lower(?:s|ed|ing)?|boost(?:s|ed|ing)?|slash(?:es|ed|ing)?|"
    r"shr[iau]nk(?:s|ing)?|expand(?:s|ed|ing)?|double[sd]?|halve[sd]?|up|down|soar(?:s|ed|ing)?|"
    r"tumbl(?:e|es|ed|ing)|edg(?:e|es|ed|ing)|slid(?:e|es|ing)?|sank|sink(?:s|ing)?)\b",
    re.IGNORECASE,
)


_OF_GDP = re.compile(
    r"\s+of\s+(?:(?:the|its|their|our|his|her|this|that)\s+)?(?:(?:[A-Z][\w.’'\-]*|country|nation|state|economy)(?:['’]s?)?\s+){0,3}"
    r"(?P<what>gross\s+domestic\s+product|GDP|economic\s+output|national\s+income|GNI|GNP|national\s+output)\b"
)


_DATE_PREP = re.compile(
    r"\b(?:in|by|since|until|till|from|to|of|before|after|during|through|between|and|or|mid|early|late|"
    r"year|fiscal|fy|circa|around|summer|spring|autumn|fall|winter|the|its|their|his|her|our)[\s-]*$",
    re.IGNORECASE,
)


_YEAR_RANGE = re.compile(r"(?<![\w.,])(?P<y>1[89]\d\d|20\d\d)(?:[-–/](?P<y2>\d{2}|\d{4}))?(?P<s>s)?(?![\w%])")


_NOUN_TOKEN = re.compile(r"\s*(?P<w>[A-Za-z][A-Za-z'’\-]*(?:\.[A-Za-z]\.?)*|°[CF])")


_NOUN_STOP = frozenset(
    word_list(
        """
        of in on at to from by for with over under than and or but nor the a an this that these those
        its their his her our my your is are was were be been being will would could should may might
        must can has have had do does did said says say told per last next more less ago earlier later
        each every since until into onto who whom whose which what as about after before while when
        where because if so not no also only just already still now then up down out off against between
        among during through than rather year years' a.m. p.m. am pm percent cent points point times
        time mostly nearly almost around roughly some
        """
    )
)


_SPACE = re.compile(r"\s+")


_NEXT_LOWER = re.compile(r"\s+[a-z]")


# "a five-year plan", "the 10-year bond", "a two-day summit": the number names a kind of thing, it
# does not count or measure anything a claim could get wrong. Ages ("a 5-year-old") stay quantities.
_PERIOD_COMPOUND = re.compile(r"[-‑](?:year|month|week|day|hour|minute|decade|century)s?\b(?![-‑]old)", re.IGNORECASE)


_GLUED_BEFORE = re.compile(r"([A-Za-z]+)-$")


_FISCAL_YEAR_HEAD = re.compile(r"\b(?:1[89]|20)\d\d[-–/]$")


_PERIODS = frozenset("years months weeks days decades quarters centuries".split())


_IRREGULAR_PLURALS = frozenset(
    word_list(
        """
        people children men women staff police cattle personnel livestock sheep fish deer mice geese
        """
    )
)


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float
    kind: QuantityKind
    unit: str | None = None
    currency: str | None = None
    noun: str | None = None
    of: str | None = None
    scaled: bool = False
    value_to: float | None = None


def _is_plural(noun: str | None) -> bool:
    return noun is not None and (noun.lower().endswith("s") or noun.lower() in _IRREGULAR_PLURALS)


def _noun_after(text: str, pos: int, limit: int = 3) -> tuple[str | None, int]:
    """Return the counted noun after ``pos`` (the last of up to ``limit`` content words) and its end."""
    noun: str | None = None
    end = pos
    for _ in range(limit):
        m = _NOUN_TOKEN.match(text, pos)
        if not m:
            break
        word = m.group("w").rstrip(".")
        low = word.lower()
        if low in _NOUN_STOP or low in SMALL or low in SCALE_WORDS:
            break
        if low.endswith("ly") or (low.endswith("ed") and len(low) > 4) or "’" in low[:-2] or "'" in low[:-2]:
            break
        noun, end = word, m.start("w") + len(word)
        pos = m.end()
        if low in MEASURE_UNITS and low not in ("square", "cubic"):
            break
        # A capitalised plural ends the phrase ("55,000 Americans"); a capitalised word before a
        # lower-case one is a modifier ("60,000 American troops", "400 Tomahawk missiles"), as is an
        # abbreviation ("55,000 U.S. troops"): keep going to the counted noun.
        if word[0].isupper() and "." not in word and (low.endswith("s") or not _NEXT_LOWER.match(text, m.end())):
            break
    return noun, end


def _looks_like_year(text: str, start: int, end: int, value: float) -> bool:
    """A four-digit number in 1800-2099 is a year unless it counts a plural noun not after a date word."""
    if not (1800 <= value <= 2099) or value != int(value):
        return False
    after = text[end : end + 1]
    if after in ("%",):
        return False
    before = text[max(0, start - 12) : start]
    if _DATE_PREP.search(before) or _MONTH_BEFORE.search(text[max(0, start - 16) : start]):
        return True
    noun, _ = _noun_after(text, end, limit=2)
    return not (noun and _is_plural(noun) and noun[0].islower())


def _digit_quantities(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in _DIGITS.finditer(text):
        tail = m.group("tail")
        start, end = m.start(), m.end()
        if tail and tail not in ("s",):
            continue  # ordinals, clock times, am/pm: not quantities
        if end < len(text) and (text[end].isalpha() or text[end] == "_") and not m.group("pct"):
            continue  # glued to letters: "4G", "3D", "A1"
        if not m.group("pct") and _PERIOD_COMPOUND.match(text, end):
            continue
        glued = _GLUED_BEFORE.search(text, max(0, start - 8), start)
        if glued and glued.group(1).lower() not in ("mid", "early", "late", "pre", "post"):
            continue  # "COVID-19", "F-35": part of a name
        num = m.group("num")
        if len(num) == 2 and _FISCAL_YEAR_HEAD.search(text, max(0, start - 5), start):
            continue  # the "25" of "2024-25" belongs to the year before it
        value = parse_digits(num)
        if m.group("sign"):
            value = -value
        cur = m.group("cur")
        scale = (m.group("scale") or "").lower()
        pct = m.group("pct")
        before16 = text[max(0, start - 16) : start]
        # Days of the month and "30 March" are parts of dates, not quantities.
        day_like = not cur and not scale and not pct and value == int(value) and 1 <= value <= 31
        if day_like and (_MONTH_BEFORE.search(before16) or _MONTH_AFTER.match(text, end)):
            continue
        if tail == "s":
            if cur or scale or pct or not (1800 <= value <= 2090) or value % 10:
                continue
            found.append(_Raw(start, end, value, QuantityKind.DATE, unit="year"))
            continue
        if scale == "m" and not cur:
            noun, _ = _noun_after(text, end, limit=1)
            if not _is_plural(noun):
                found.append(_Raw(start, m.end("scale"), value, QuantityKind.MEASURE, unit="metres"))
                continue
        if scale == "b" and not cur:
            continue  # "5b" without a currency is a label (a form, a category), not a billion
        factor = SCALE_SUFFIX.get(scale, 1.0)
        sign = -1.0 if m.group("sign") else 1.0
        raw = _Raw(start, end, sign * parse_digits(num, factor), QuantityKind.COUNT, scaled=bool(scale))
        if pct:
            raw.kind = QuantityKind.PERCENT
            raw.unit = "percentage points" if "point" in pct.lower() else "percent"
            raw.value = value
            gdp = _OF_GDP.match(text, end)
            if gdp:
                raw.of = "GDP" if gdp.group("what").lower() not in ("gni", "gnp", "national income") else "GNI"
                end = gdp.end()  # the quantity reads "1.8% of its GDP", not "1.8%"
        elif cur:
            raw.kind = QuantityKind.MONEY
            raw.currency = raw.unit = PREFIX_CURRENCY[cur]
        elif not scale and "," not in num and "." not in num and _looks_like_year(text, start, end, value):
            y2 = _YEAR_RANGE.match(text, start)
            if y2 and y2.group("y2") and not y2.group("s"):
                end = y2.end()
            found.append(_Raw(start, end, value, QuantityKind.DATE, unit="year"))
            continue
        raw.end = end
        _attach_unit(text, raw)
        found.append(raw)
    return found


def _attach_unit(text: str, raw: _Raw) -> None:
    """Read the currency word, measurement unit or counted noun after a number."""
    if raw.kind == QuantityKind.PERCENT:
        return
    m = re.match(
        r"\s+(?:(?P<adj>U\.S\.|US|American|Canadian|Australian|New\s+Zealand|NZ|Hong\s+Kong|Singapore)\s+)?"
        r"(?P<w>dollars?|euros?|yen|yuan|renminbi|rupees?|francs|pounds\s+sterling|sterling|won|rand|pesos|"
        r"kronor|krona|pence|cents?|pounds)\b",
        text[raw.end : raw.end + 40],
        re.IGNORECASE,
    )
    if m and raw.kind != QuantityKind.MONEY:
        word = m.group("w").lower()
        adj = (m.group("adj") or "").lower().replace("\u00a0", " ")
        if word in ("pence", "cent", "cents"):
            raw.kind, raw.currency = QuantityKind.MONEY, "GBP" if word == "pence" else "USD"
            raw.value /= 100
        elif word == "pounds" and not raw.scaled:
            raw.kind, raw.unit = QuantityKind.MEASURE, "pounds"
            raw.end += m.end()
            return
        elif word.startswith("dollar"):
            raw.kind, raw.currency = QuantityKind.MONEY, DOLLAR_ADJECTIVES.get(_SPACE.sub(" ", adj), "USD")
        else:
            raw.kind, raw.currency = QuantityKind.MONEY, CURRENCY_WORDS.get(word, "GBP")
        raw.unit = raw.currency
        raw.end += m.end()
        return
    noun, noun_end = _noun_after(text, raw.end)
    if noun is None:
        return
    low = noun.lower()
    if raw.kind == QuantityKind.MONEY:
        raw.noun = low if low not in _NOUN_STOP else None
        return
    if low in MEASURE_UNITS:
        if low in ("square", "cubic"):
            return
        raw.kind, raw.unit = QuantityKind.MEASURE, low
        raw.end = noun_end
        return
    raw.noun = noun
    raw.unit = noun
    raw.end = noun_end


def _word_quantities(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in WORDS.finditer(text):
        words = m.group("words")
        a = m.group("a")
        value = words_to_number(f"{a} {words}" if a else words)
        if value is None:
            continue
        low = words.lower()
        if re.search(r"\d[\d,.]*\s*$", text[max(0, m.start() - 20) : m.start()]):
            continue  # the scale word of a number in digits: "$740 million"
        if a and low in SMALL:
            continue  # "a one-off", "an eight-hour": the article belongs to what follows
        if not m.group("pct") and _PERIOD_COMPOUND.match(text, m.end()):
            continue
        if low == "one" and not m.group("pct"):
            before = text[max(0, m.start() - 8) : m.start()].lower()
            noun, _ = _noun_after(text, m.end(), limit=1)
            # "one" is mostly a pronoun ("no one", "one of them"): count it only before a noun.
            if re.search(r"\b(?:no|any|every|some|the|this|that|each|which)\s+$", before) or noun is None:
                continue
            if noun and noun[0].isupper():
                continue
        if m.group("pct"):
            pct = m.group("pct").lower()
            found.append(
                _Raw(m.start(), m.end(), value, QuantityKind.PERCENT,
                     unit="percentage points" if "point" in pct else "percent")
            )  # fmt: skip
            continue
        raw = _Raw(m.start(), m.end(), value, QuantityKind.COUNT, scaled=any(s in low for s in SCALE_WORDS))
        _attach_unit(text, raw)
        found.append(raw)
    return found


def _fraction_quantities(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in FRACTION.finditer(text):
        frac = m.group("frac").lower()
        numer = (m.group("numer") or "").lower()
        if not numer and frac not in ("half",):
            continue  # "the third", "first quarter": ordinals
        if numer in ("a", "an", ""):
            count = 1.0
        elif numer.isdigit():
            count = float(numer)
        else:
            count = float(SMALL[numer])
        if frac == "half" and numer in ("one",) and text[m.start() - 1 : m.start()] == "-":
            continue
        after = re.match(r"[\s-]+([a-z\-]+)", text[m.end() : m.end() + 30])
        if after and after.group(1) in _ORDINAL_NOUNS and frac not in ("half", "halves"):
            continue
        if frac == "half" and after and after.group(1) in ("time", "hour", "century", "decade"):
            continue
        raw = _Raw(m.start(), m.end(), count / FRACTIONS[frac], QuantityKind.RATIO, unit="fraction")
        of = re.match(r"\s+(?:of\s+)?(?:the\s+|their\s+|its\s+|a\s+|all\s+)?([a-z][a-z\-]+)", text[m.end() :])
        if of and of.group(1) not in _NOUN_STOP:
            raw.noun = of.group(1)
        found.append(raw)
    for m in ONE_IN.finditer(text):
        a = float(m.group("a")) if m.group("a").isdigit() else 1.0
        b_text = m.group("b")
        b = float(b_text) if b_text.isdigit() else words_to_number(b_text)
        if not b:
            continue
        raw = _Raw(m.start(), m.end(), a / b, QuantityKind.RATIO, unit="ratio")
        noun, noun_end = _noun_after(text, m.end(), limit=2)
        if noun:
            raw.noun, raw.end = noun, noun_end
        found.append(raw)
    for m in TIMES.finditer(text):
        if m.group("twice"):
            value = 2.0 if m.group("twice").lower() == "twice" else 3.0
        else:
            n = m.group("n")
            parsed = float(n) if n[0].isdigit() else words_to_number(n)
            if parsed is None:
                continue
            value = parsed
        found.append(_Raw(m.start(), m.end(), value, QuantityKind.RATIO, unit="times"))
    return found


def _merge_ranges(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Join "between 10 and 12 percent", "10-12%" and "$3 to $4 billion" into one ranged quantity."""
    merged: list[_Raw] = []
    i = 0
    while i < len(raws):
        q = raws[i]
        if i + 1 < len(raws):
            nxt = raws[i + 1]
            gap = text[q.end : nxt.start]
            before = text[max(0, q.start - 9) : q.start].lower()
            between = before.rstrip().endswith("between") and re.fullmatch(r"\s+and\s+", gap)
            dash = re.fullmatch(r"\s*[-–]\s*|\s+to\s+", gap) and not re.search(r"\bfrom\s*$", before)
            compatible = q.kind == nxt.kind or (q.kind == QuantityKind.COUNT and q.noun is None and q.unit is None)
            if (between or dash) and compatible:
                low = q.value
                if nxt.scaled and not q.scaled:
                    low *= nxt.value / _unscaled(text, nxt)  # "$3 to $4 billion": the scale is shared
                if low <= nxt.value:
                    start = q.start - (len(before) - before.rfind("between")) if between else q.start
                    merged.append(replace(nxt, start=start, value=low, value_to=nxt.value))
                    i += 2
                    continue
        merged.append(q)
        i += 1
    return merged


def _unscaled(text: str, raw: _Raw) -> float:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text[raw.start : raw.end])
    if not m:
        return raw.value or 1.0
    base = parse_digits(m.group())
    return base if base else 1.0


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Return every quantity in ``text`` in text order, without overlaps.

    Offsets are ``offset`` plus positions in ``text``, so a caller passing a claim's text and its start
    gets offsets into the article. ``text[q.start - offset:q.end - offset] == q.text`` always holds.
    """
    candidates = _digit_quantities(text) + _word_quantities(text) + _fraction_quantities(text)
    # Longest first, then earliest: "two-thirds" beats "two", "one in five" beats "one" and "five".
    candidates.sort(key=lambda r: (-(r.end - r.start), r.start))
    taken: list[_Raw] = []
    occupied: list[tuple[int, int]] = []
    for raw in candidates:
        if any(raw.start < e and s < raw.end for s, e in occupied):
            continue
        taken.append(raw)
        occupied.append((raw.start, raw.end))
    taken.sort(key=lambda r: r.start)
    taken = _merge_ranges(text, taken)
    return _share_change_units(_finish(text, taken, offset))


def _share_change_units(quantities: list[Quantity]) -> list[Quantity]:
    """The two ends of a change describe one thing: "from 1.1 billion to 1.4 billion journeys" counts
    journeys at both ends, and "from 2% of GDP to 3%" is of GDP at both ends. An end without a unit
    (or without an "of") takes its partner's, never overriding one it has."""
    out = list(quantities)
    last_from: int | None = None
    for i, q in enumerate(out):
        if q.change == Change.FROM:
            last_from = i
            continue
        if q.change != Change.TO or last_from is None:
            continue
        j, last_from = last_from, None
        for src, dst_index in ((q, j), (out[j], i)):
            dst = out[dst_index]
            changes: dict[str, object] = {}
            if dst.unit is None and src.unit is not None and dst.kind in (QuantityKind.COUNT, src.kind):
                changes.update(unit=src.unit, noun=src.noun, kind=src.kind, currency=dst.currency or src.currency)
            if dst.of is None and src.of is not None and (dst.unit or changes.get("unit")) == src.unit:
                changes["of"] = src.of
            if changes:
                out[dst_index] = replace(dst, **changes)  # type: ignore[arg-type]
    return out


def _finish(text: str, raws: list[_Raw], offset: int) -> list[Quantity]:
    result: list[Quantity] = []
    seen_from_at: int | None = None
    previous_end = 0
    for raw in raws:
        start = raw.start
        bound: Bound | None = Bound.EQ
        before = text[max(0, start - 24) : start]
        bm = _BOUND_BEFORE.search(before)
        if bm and ((bm.start() > 0 and before[bm.start() - 1].isalnum()) or raw.kind == QuantityKind.DATE):
            bm = None
        phrase = _SPACE.sub(" ", bm.group("phrase").lower()) if bm else ""
        if phrase in ("over", "under") and (raw.noun or "").lower() in _PERIODS:
            bm = None  # "over four years" is a duration, not "more than four years"
        if bm:
            bound = _BOUND_OF.get(phrase, Bound.APPROX)
            start = max(previous_end, start - (len(before) - bm.start()))
        change: Change | None = None
        if raw.kind != QuantityKind.DATE:
            context = text[max(0, start - 40) : start]
            if _FROM_BEFORE.search(context):
                change = Change.FROM
                seen_from_at = raw.end
            elif _TO_BEFORE.search(context):
                recent_from = seen_from_at is not None and raw.start - seen_from_at < 160
                if recent_from or _CHANGE_WORD.search(context[:-3]):
                    change = Change.TO
        surface = text[start : raw.end]
        previous_end = raw.end
        result.append(
            Quantity(
                text=surface,
                start=start + offset,
                end=raw.end + offset,
                value=raw.value,
                unit=raw.unit,
                kind=raw.kind,
                bound=bound,
                change=change,
                currency=raw.currency,
                of=raw.of,
                noun=raw.noun,
                value_to=raw.value_to,
            )
        )
    return result
