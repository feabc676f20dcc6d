"""Turn a saved page or a pasted text into a clean article: main text plus metadata.

Pure Python, no Django: ``read_article`` takes the content (``str`` or ``bytes``) and returns an
``ArticleText``. Saved pages go through trafilatura for the main text and its metadata (JSON-LD,
OpenGraph, ``<meta>``); pasted texts go through a small reader of their own that knows the usual
header lines of a copied news story (``- Outlet - Sunday, March 30, 2025``, a title, ``By NAME``).
Both then pass one boilerplate filter, so advertisements, newsletter prompts, share buttons,
"Related" lists, comment-policy, contact, copyright and photo-credit lines never reach the text.

Promises the rest of the pipeline relies on:

* ``text`` is paragraphs joined by ``"\\n\\n"``, whitespace inside a paragraph folded to single
  spaces, NFC-normalised; the same input always gives the same text, so character offsets stored
  against it stay valid when an article is read again.
* ``published`` is the date as written in the article's own time zone: ``2025-03-30T23:30:00-05:00``
  is 30 March, never shifted to UTC.
* A dateline (``TOKYO —``, ``LONDON (Reuters) -``) stays in the text and is also recorded in
  ``dateline``; a byline never stays in the text and becomes ``author``.
* Anything unreadable raises ``ArticleReadError`` with a reason a user can read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import lxml.html
from charset_normalizer import from_bytes
from trafilatura import bare_extraction

from claims.extraction.sentences import split_sentences
from claims.extraction.types import ArticleText

__all__ = ["ArticleReadError", "content_hash", "decode_content", "is_boilerplate", "read_article"]


class ArticleReadError(ValueError):
    """The content cannot be read as an article; ``reason`` says why in words a user understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def read_article(
    content: str | bytes,
    *,
    kind: Literal["text", "html"],
    url: str | None = None,
    charset: str | None = None,
) -> ArticleText:
    """Read ``content`` (a pasted text or a saved HTML page) into a clean ``ArticleText``.

    ``charset`` is the one declared by the HTTP ``Content-Type`` header, if any; it wins over a
    ``<meta>`` declaration, which wins over detection. ``url`` is where the page came from: the
    fallback for ``canonical_url`` and a hint for trafilatura.

    Raises ``ArticleReadError`` for binary content, an empty text, or a page without article text.
    """
    if kind not in ("text", "html"):
        raise ValueError(f"kind must be 'text' or 'html', not {kind!r}")
    decoded = decode_content(content, kind=kind, charset=charset)
    if not decoded.strip():
        raise ArticleReadError("The text is empty.")
    if kind == "html":
        return _read_html(decoded, url=url)
    return _read_text(decoded, url=url)


def content_hash(text: str) -> str:
    """Hex sha256 of ``text`` after NFKC, whitespace folding and lower-casing.

    Two texts that differ only in spacing, letter case or compatibility characters (non-breaking
    spaces, full-width letters) hash the same, which is what duplicate detection wants.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def decode_content(content: str | bytes, *, kind: Literal["text", "html"], charset: str | None = None) -> str:
    """Decode bytes to text: BOM, then the declared ``charset``, then ``<meta>`` (HTML), then detection.

    Labels are read the way browsers read them (WHATWG): ``iso-8859-1`` and ``ascii`` mean
    Windows-1252, ``shift_jis`` means Windows-31J (cp932). A declared charset that cannot decode
    the bytes is skipped rather than trusted into mojibake. ``str`` input is returned unchanged.
    Raises ``ArticleReadError`` when the bytes are a binary file rather than text.
    """
    if isinstance(content, str):
        return content
    _reject_binary(content)
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    declared = [charset]
    if kind == "html":
        declared.append(_meta_charset(content))
    for label in declared:
        codec = _codec_for(label)
        if codec is None:
            continue
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is not None and best.encoding:
        return content.decode(_codec_for(best.encoding) or best.encoding, errors="replace")
    return content.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers decode with a wider codec than Python's codec of the same name.
_WHATWG_CODECS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
}

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a media file"),
    (b"\x7fELF", "a program"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


def _reject_binary(content: bytes) -> None:
    for magic, what in _BINARY_MAGIC:
        if content.startswith(magic):
            raise ArticleReadError(f"The content is binary ({what}), not an article text.")
    head = content[:8192]
    utf16_or_32 = any(head.startswith(bom) for bom, _ in _BOMS[1:])
    # Text in any single- or multi-byte charset used on the web has no NUL bytes; UTF-16/32 with a
    # BOM is the one exception.
    if b"\x00" in head and not utf16_or_32:
        raise ArticleReadError("The content is binary, not an article text.")


def _meta_charset(content: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag declares within the first 4 KB."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec_for(label: str | None) -> str | None:
    """The Python codec a charset label stands for, or None for a label Python does not know."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_CODECS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # ``utf-16`` declared in a <meta> of bytes we could read as ASCII is always a lie.
    return "utf-8" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

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


def _parse_date(value: str) -> dt.date | None:
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


def _date_line(line: str) -> dt.date | None:
    """The date when ``line`` says nothing but a date (with weekday, time, "Published", ...)."""
    if len(line) > 120:  # the longest such line, with weekday, time and zone, is far shorter
        return None
    found = _find_date(line)
    if found is None:
        return None
    date, (start, end) = found
    rest = _DATE_LINE_EXTRAS.sub(" ", line[:start] + " " + line[end:])
    return date if not re.search(r"\w", rest) else None


# --------------------------------------------------------------------------------------------
# Bylines, header lines and datelines
# --------------------------------------------------------------------------------------------

_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.|(?:de|da|del|der|van|von|la|le|al|bin|ibn|el|dos|du|ter)\b)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    rf"""^(?i:(?:written\s+|words\s+|story\s+)?by):?\s+
    (?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*?)
    (?:\s*(?:,|\||[-–—]|\bin\b|/)\s*(?P<role>[^|]{{0,80}}))?\s*$""",
    re.VERBOSE,
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:staff|writer|reporter|correspondent|editor|columnist|contributor|bureau|chief|senior|"
    r"political|special|associated press|reuters|afp|times|post|news|herald|journal|gazette|tribune)\b"
)
_HEADER_SEPARATORS = re.compile(r"\s+[-–—|•·]\s+|\s*\|\s*|^\s*[-–—•·]\s*")
_PUBLICATION_LINE = re.compile(
    r"""(?ix)^(?:first\s+|last\s+|originally\s+)?(?:posted|published|updated|modified)\b:?
    (?=.*(?:\b(?:19|20)\d\d\b|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b|\b\d{1,2}[:.]\d\d\b))"""
)
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}      # TOKYO, NEW YORK, ST. LOUIS
    (?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?)           # , Calif.  / , D.C.
    \s*(?:\((?P<agency>[^)]{1,30})\))?                              # (Reuters)
    \s*(?:[—–]|--?|:)\s+""",
    re.VERBOSE,
)


def _byline_names(line: str) -> str | None:
    """The author names of a ``By NAME`` line, or None when ``line`` is not a byline.

    Each name needs two capitalised words ("By March, prices rose" is not a byline), and what
    follows the names must read as a role, an outlet or a date ("By Jane Doe, Staff Writer").
    """
    line = line.strip(" \t•·-–—|")
    if len(line) > 160:
        return None
    match = _BYLINE.match(line)
    if match is None:
        return None
    role = (match.group("role") or "").strip()
    if role and not (_ROLE_WORDS.search(role) or _date_line(role) or _looks_like_outlet(role, max_words=4)):
        return None
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names")) if n.strip()]
    names = [n for n in names if not _ROLE_WORDS.fullmatch(n)]
    if not names or any(len(n.split()) < 2 for n in names):
        return None
    return " and ".join(names)


@dataclass(slots=True)
class _Header:
    outlet: str | None = None
    published: dt.date | None = None
    author: str | None = None


def _header_line(line: str) -> _Header | None:
    """Read a line such as ``- Outlet - Sunday, March 30, 2025`` or ``Published: 12 May 2024``.

    Returns None when the line holds anything but an outlet name, a date and a byline.
    """
    if len(line) > 200:
        return None
    if _PUBLICATION_LINE.match(line) and len(line.split()) <= 12:
        # "Posted on 14/02/2025 by admin", "Updated 2 hours ago": the date may be unreadable, the
        # line is still metadata.
        by = re.search(r"\bby\s+(.+)$", line, re.IGNORECASE)
        return _Header(published=_parse_date(line), author=_byline_names(f"By {by.group(1)}") if by else None)
    parts = [p.strip() for p in _HEADER_SEPARATORS.split(line) if p and p.strip()]
    header = _Header()
    others: list[str] = []
    for part in parts:
        date = _date_line(part)
        if date is not None:
            header.published = header.published or date
            continue
        names = _byline_names(part)
        if names is not None:
            header.author = header.author or names
            continue
        others.append(part)
    if header.published is None and header.author is None:
        return None
    if len(others) > 1 or (others and not _looks_like_outlet(others[0])):
        return None
    if others and header.author is None:
        header.outlet = others[0]
    return header


def _looks_like_outlet(part: str, *, max_words: int = 7) -> bool:
    words = part.split()
    return 0 < len(words) <= max_words and part[0].isupper() and not part.endswith((".", "?", "!"))


def _dateline(paragraph: str) -> str | None:
    """The place of a dateline opening ``paragraph`` (``TOKYO —`` gives ``"TOKYO"``)."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    place = match.group("place").strip()
    if len(re.sub(r"[^A-Z]", "", place.split(",")[0])) < 2:
        return None
    return place


# --------------------------------------------------------------------------------------------
# Boilerplate
# --------------------------------------------------------------------------------------------

# A whole (short) paragraph that is nothing but one of these is page furniture.
_FURNITURE = re.compile(
    r"""(?ix)^(?:
      advertisement|advertising|advert|ad|sponsored(?:\s+content)?|promoted(?:\s+content)?|paid\s+content
    | (?:story|article|text)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?
    | (?:scroll|continue)\s+(?:down\s+)?(?:to|for)\s+(?:continue\s+reading|more|next\s+article)
    | subscribe(?:\s+(?:now|today|here))?|sign\s+(?:up|in)|log\s*in|register|(?:my\s+)?account
    | share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?(?:\s+on\s+\w+)?
    | (?:share\s+(?:on|via)\s+)?(?:facebook|twitter|x|linkedin|whatsapp|email|e-mail|print|copy\s+link|reddit
       |tweet|post|pin(?:terest)?|telegram|messenger|flipboard|bluesky|threads)
    | (?:related|more)(?:\s+(?:articles?|stories|coverage|content|topics|news|reading|links))?
    | read\s+(?:more|next|also)|see\s+also|also\s+read|most\s+(?:read|popular|viewed|shared)
    | trending(?:\s+now)?|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|don'?t\s+miss
    | (?:show|view|load|hide)\s+(?:\d+\s+)?comments?|comments?|leave\s+a\s+(?:comment|reply)
    | (?:terms(?:\s+(?:of\s+(?:use|service)|and\s+conditions))?|privacy(?:\s+policy)?|cookies?(?:\s+policy)?
       |contact(?:\s+us)?|about(?:\s+us)?|home|menu|search|skip\s+to\s+(?:main\s+)?content)
    | (?:follow|like)\s+us(?:\s+on\s+[\w\s,]+)?
    | listen\s+to\s+(?:this\s+)?(?:article|story)(?:\s+\d+\s+min(?:ute)?s?)?|\d+\s+min(?:ute)?\s+read
    | getty\s+images|shutterstock|file\s+photo
    )[\s.:!›»>]*$"""
)
# A list header: the short lines after it are headlines of other stories.
_LIST_HEADER = re.compile(
    r"""(?ix)^(?:related(?:\s+(?:articles?|stories|coverage|content|topics|news|reading|links))?
    |read\s+(?:more|next|also)|see\s+also|also\s+read|more\s+(?:from|on|in|about)\s+[^.!?]{1,60}
    |most\s+(?:read|popular|viewed|shared)(?:\s+[^.!?\s]+){0,3}|trending(?:\s+(?:now|stories|news|topics))?
    |recommended(?:\s+(?:for\s+you|stories|reading|articles))?|you\s+may\s+also\s+like|editor'?s\s+picks
    |top\s+stories|latest\s+(?:news|stories))[\s:›»>]*$"""
)
# A short paragraph opening with a marker and a separator ("Advertisement — Feed prices ...").
_MARKED_PROMO = re.compile(
    r"(?i)^(?:advertisement|advertising|sponsored|promoted|paid\s+content|partner\s+content|ad|"
    r"related|read\s+more|read\s+next|see\s+also|also\s+read|watch|listen|subscribe|newsletter)"
    r"\s*(?:[:|•·›»>—–]|-\s)"
)
# A sentence containing one of these is boilerplate wherever it stands.
_PROMO_SENTENCE = re.compile(
    r"""(?ix)
      \b(?:click|tap)\s+here\b
    | \bsign\s+up\s+(?:for|to)\b.*\b(?:newsletters?|alerts?|briefings?|emails?|updates)\b
    | \bsign\s+up\s+(?:here|now|today)\b
    | \bsubscribe\s+(?:to|for|now|today|here)\b
    | \b(?:get|receive)\b.{0,60}\b(?:newsletters?|briefings?)\b.{0,40}\b(?:inbox|e-?mail)
    | \b(?:delivered|straight|directly|sent)\s+(?:directly\s+|straight\s+)?to\s+your\s+inbox\b
    | \bin\s+your\s+inbox\b
    | \bnewsletters?\b.{0,60}\b(?:sign\s+up|subscribe)\b
    | \ba\s+version\s+of\s+this\s+(?:story|article|report)\s+(?:first\s+|originally\s+)?
      (?:appeared|ran|was\s+published)
    | \bthis\s+(?:story|article)\s+(?:first|originally)\s+(?:appeared|ran|was\s+published)\s+(?:in|on)\b
    | \bcan\s+be\s+(?:reached|contacted|emailed)\s+(?:at|on|via|by)\b
    | \b(?:e-?mail|contact|write\s+to)\s+(?:the\s+(?:author|reporter|writer)|him|her|them|us)
      \s+(?:at|on|via)\b
    | \bfollow\s+(?:him|her|them|us|the\s+author)\s+on
      \s+(?:twitter|x|facebook|instagram|bluesky|threads|linkedin)\b
    | \b(?:e-?mail|tel|phone|contact)\s*:\s*\S
    | \bcopyright\s*(?:©|\(c\)|\d{4})
    | ©
    | \ball\s+rights\s+reserved\b
    | \breprint\s+permission\b
    | \bmay\s+not\s+be\s+(?:published|broadcast|rewritten|redistributed|reproduced)\b
    | \bcomments?\s+polic(?:y|ies)\b
    | \bcommenting\s+(?:guidelines|policy|rules)\b
    | \bbefore\s+(?:commenting|posting\s+a\s+comment)\b
    | \bcomments?\s+(?:are|have\s+been)\s+(?:closed|disabled|moderated|turned\s+off)\b
    | \b(?:story|article)\s+continues\s+(?:below|after)\b
    | \bshare\s+(?:this\s+)?(?:article|story)\s+(?:on|via|with)\b
    | \b(?:reporting|additional\s+reporting|writing)\s+by\b.*\bediting\s+by\b
    | ^(?:additional\s+)?(?:reporting|writing)\s+by\s+{name}(?:\s*(?:,|and|&)\s+{name})*[.;]?\s*$
    | \b(?:editing|edited)\s+by\s+{name}\s*$
    | \bterms\s+of\s+(?:use|service)\b
    | \bprivacy\s+policy\b
    """.replace("{name}", _NAME)
)
# Every branch of _PROMO_SENTENCE contains one of these; most prose sentences contain none, and this
# one cheap search spares them the long pattern.
_PROMO_TRIGGERS = (
    "click", "tap ", "sign ", "subscri", "newsletter", "briefing", "inbox", "version", "first", "originally",
    "reached", "contacted", "mail", "contact", "write ", "follow", "copyright", "©", "rights", "reprint",
    "may not", "comment", "continues", "share", "editing", "edited", "terms", "privacy", "reporting", "writing",
)  # fmt: skip


def _is_promo_sentence(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(word in lowered for word in _PROMO_TRIGGERS) and bool(_PROMO_SENTENCE.search(sentence))


_PHOTO_CREDIT = re.compile(
    r"""(?ix)
      ^(?:photo|photograph|image|picture|illustration|graphic|video|main\s+image|top\s+image)s?
        (?:\s+(?:credit|by|courtesy))?\s*[:|/]
    | \b(?:photo|image|picture|illustration)s?\s*(?:credit|by|courtesy(?:\s+of)?)\s*:?\s+\S
    | [(\[](?:photo|image|picture|credit)s?\s*:.*[)\]]$
    | (?:/|\bby\s+)(?:ap|afp|reuters|getty\s+images|epa|shutterstock|alamy|pa|bloomberg)(?:\s+photo)?[)\]]?$
    | \((?:ap|afp|reuters|getty\s+images|epa|shutterstock|alamy|pa\s+media)(?:\s+photo)?\)$
    """
)
_CONTACT_NAME = re.compile(rf"^[•·*\s-]*(?P<name>{_NAME})\s+can\s+be\s+(?:reached|contacted|emailed)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAV_SEPARATORS = re.compile(r"\s*[•·|»›]\s*|\s+/\s+")
_SHORT = 25  # words: longer paragraphs are prose, not furniture


def is_boilerplate(text: str) -> bool:
    """True for page furniture or a promotional line (ads, prompts, bylines, contact, copyright, credits).

    The one boilerplate rule of the project: the cleaner drops such paragraphs and sentences, and the
    claim extractor refuses them as claims in text that never went through the cleaner.
    """
    return _is_furniture(text) or _is_promo_sentence(text) or _byline_names(text) is not None


def _is_nav_line(paragraph: str) -> bool:
    """A row of menu items: at least three short segments between bullets or pipes, no sentence."""
    segments = [s for s in _NAV_SEPARATORS.split(paragraph) if s.strip()]
    if len(segments) < 3 or re.search(r"[.!?]$", paragraph):
        return False
    return all(len(s.split()) <= 4 for s in segments)


def _is_furniture(paragraph: str) -> bool:
    """True for a paragraph that is page furniture as a whole: ads, menus, credits, share rows."""
    words = len(paragraph.split())
    if words > _SHORT:
        return False
    stripped = paragraph.strip(" •·-–—|*#>›»")
    return bool(
        _FURNITURE.match(stripped)
        or _MARKED_PROMO.match(stripped)
        or _PHOTO_CREDIT.search(stripped)
        or _is_nav_line(stripped)
        or (words <= 6 and _EMAIL.search(stripped))
        or (words <= 12 and all(_FURNITURE.match(s) for s in _NAV_SEPARATORS.split(stripped) if s.strip()))
    )


def _is_headline_like(paragraph: str) -> bool:
    return len(paragraph.split()) <= 20 and not re.search(r"[.!?:;][\"”’')]*$", paragraph)


# --------------------------------------------------------------------------------------------
# Cleaning, shared by both readers
# --------------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _normalise_paragraph(paragraph: str) -> str:
    paragraph = _INVISIBLE.sub("", unicodedata.normalize("NFC", paragraph))
    return " ".join(paragraph.split())


@dataclass(slots=True)
class _Cleaned:
    paragraphs: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # from bylines first, then contact lines
    dates: list[dt.date] = field(default_factory=list)


def _clean(paragraphs: Iterable[str], *, title: str | None) -> _Cleaned:
    """Drop boilerplate, bylines, date-only lines and a repeated title; keep everything else as is.

    A paragraph is removed whole when it is furniture; otherwise only its boilerplate sentences go
    ("Click here to receive ..." at the end of a real paragraph), and a paragraph left untouched
    keeps its exact characters.
    """
    result = _Cleaned()
    in_list = False
    title_key = _match_key(title) if title else None
    for raw in paragraphs:
        paragraph = _normalise_paragraph(raw)
        if not paragraph:
            continue
        if in_list and _is_headline_like(paragraph):
            result.removed.append(paragraph)
            continue
        in_list = False
        # Bylines, date lines and "Outlet | date" lines are metadata wherever they stand.
        names = _byline_names(paragraph)
        header = None if names else _header_line(paragraph)
        if names or header:
            author = names or (header.author if header else None)
            if author:
                result.authors.append(author)
            if header and header.published:
                result.dates.append(header.published)
            result.removed.append(paragraph)
            continue
        if title_key and not result.paragraphs and _match_key(paragraph) == title_key:
            result.removed.append(paragraph)
            continue
        if len(paragraph.split()) <= 8 and _LIST_HEADER.match(paragraph.strip(" •·-–—|*#")):
            in_list = True
            result.removed.append(paragraph)
            continue
        if _is_furniture(paragraph):
            result.removed.append(paragraph)
            continue
        sentences = split_sentences(paragraph)
        kept = [s for s in sentences if not _is_promo_sentence(s)]
        if len(kept) < len(sentences):
            # "Jane Doe can be reached at ..." names the author when no byline did.
            result.authors.extend(
                m.group("name") for s in sentences if (m := _CONTACT_NAME.match(s)) and len(m.group("name").split()) > 1
            )
            result.removed.extend(s for s in sentences if s not in kept)
            paragraph = " ".join(kept)
            if not kept or _is_furniture(paragraph):
                if kept:
                    result.removed.append(paragraph)
                continue
        result.paragraphs.append(paragraph)
    return result


def _match_key(value: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", value)).strip().casefold()


def _finish(
    cleaned: _Cleaned,
    *,
    title: str | None,
    outlet: str | None,
    author: str | None,
    published: dt.date | None,
    canonical_url: str | None,
    language: str | None,
    empty_reason: str,
) -> ArticleText:
    if not cleaned.paragraphs:
        raise ArticleReadError(empty_reason)
    return ArticleText(
        text="\n\n".join(cleaned.paragraphs),
        title=_clean_field(title),
        outlet=_clean_field(outlet),
        author=_clean_field(author) or (_clean_field(cleaned.authors[0]) if cleaned.authors else None),
        published=published or (cleaned.dates[0] if cleaned.dates else None),
        dateline=_dateline(cleaned.paragraphs[0]),
        canonical_url=canonical_url,
        language=language,
        removed=tuple(cleaned.removed),
    )


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = _normalise_paragraph(value)
    return value or None


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")


def _text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a pasted text.

    Blank lines separate paragraphs. Inside a block, a line break is hard wrapping (and the lines
    are joined) when the next line starts in lower case, or when the line is long for its block
    and stops mid-sentence; otherwise each line is its own paragraph, as when a page is copied with
    single line breaks or a title and byline sit on consecutive lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        longest = max(len(line) for line in lines)
        current = lines[0]
        for previous, line in itertools.pairwise(lines):
            wrapped = line[0].islower() or (len(previous) >= max(40, 0.6 * longest) and not _TERMINAL.search(previous))
            if wrapped:
                current = f"{current} {line}"
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
    return paragraphs


def _is_body(paragraph: str) -> bool:
    """Prose rather than a header: a dateline, or a sentence of a dozen words or more."""
    return _dateline(paragraph) is not None or (len(paragraph.split()) >= 12 and bool(_TERMINAL.search(paragraph)))


def _read_text(text: str, *, url: str | None) -> ArticleText:
    paragraphs = [_normalise_paragraph(p) for p in _text_paragraphs(text)]
    paragraphs = [p for p in paragraphs if p]
    outlet: str | None = None
    published: dt.date | None = None
    author: str | None = None
    title: str | None = None
    removed: list[str] = []
    body_start = 0
    # The head: lines before the first body paragraph, where headers, title and byline live.
    for index, paragraph in enumerate(paragraphs):
        if _is_body(paragraph):
            body_start = index
            break
        body_start = index + 1
        header = _header_line(paragraph)
        if header is not None:
            outlet = outlet or header.outlet
            published = published or header.published
            author = author or header.author
            removed.append(paragraph)
            continue
        names = _byline_names(paragraph)
        if names is not None:
            author = author or names
            removed.append(paragraph)
            continue
        if title is None and not _is_furniture(paragraph) and _is_title_like(paragraph):
            title = paragraph
            removed.append(paragraph)
            continue
        body_start = index
        break
    cleaned = _clean(paragraphs[body_start:], title=title)
    cleaned.removed[:0] = removed
    return _finish(
        cleaned,
        title=title,
        outlet=outlet,
        author=author,
        published=published,
        canonical_url=url,
        language=None,
        empty_reason="No article text was found: the text holds only headers or boilerplate.",
    )


def _is_title_like(paragraph: str) -> bool:
    return len(paragraph.split()) <= 30 and not paragraph.endswith(".") and not _is_promo_sentence(paragraph)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|•·–—]|-|::)\s+")
_DOMAIN_LIKE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$")


@dataclass(slots=True)
class _PageMeta:
    """What the page itself declares, read without trafilatura's guessing."""

    canonical_url: str | None = None
    og_url: str | None = None
    title_tag: str | None = None
    headline: str | None = None  # og:title, JSON-LD headline or the first <h1>
    language: str | None = None
    site_name: str | None = None  # og:site_name, JSON-LD publisher, application-name
    published: dt.date | None = None


def _page_meta(html: str) -> _PageMeta:
    meta = _PageMeta()
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return meta
    linked_data = list(_linked_data(tree))
    meta.canonical_url = _first(
        tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    )
    meta.og_url = _first(tree.xpath("//meta[@property='og:url']/@content"))
    meta.title_tag = _first(tree.xpath("//title/text()"))
    meta.headline = (
        _first(tree.xpath("//meta[@property='og:title' or @name='twitter:title']/@content"))
        or _first([v for d in linked_data for v in _json_values(d, "headline") if isinstance(v, str)])
        or _first([h.text_content() for h in tree.xpath("//h1")])
    )
    meta.language = _first(tree.xpath("/html/@lang")) or _first(
        tree.xpath("//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content")
    )
    publishers = [p.get("name") for d in linked_data for p in _json_values(d, "publisher") if isinstance(p, dict)]
    meta.site_name = (
        _first(tree.xpath("//meta[@property='og:site_name']/@content"))
        or _first([name for name in publishers if isinstance(name, str)])
        or _first(tree.xpath("//meta[@name='application-name']/@content"))
    )
    meta.published = _structured_date(tree, linked_data)
    return meta


def _linked_data(tree: lxml.html.HtmlElement) -> Iterable[object]:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            yield json.loads(script)
        except ValueError:
            continue


def _structured_date(tree: lxml.html.HtmlElement, linked_data: list[object]) -> dt.date | None:
    """``datePublished`` from JSON-LD, or ``article:published_time``, read in the page's own zone."""
    for data in linked_data:
        for value in _json_values(data, "datePublished"):
            if isinstance(value, str) and (date := _parse_date(value)):
                return date
    for value in tree.xpath(
        "//meta[@property='article:published_time' or @itemprop='datePublished' or @name='pubdate']/@content"
        " | //*[@itemprop='datePublished']/@datetime"
    ):
        if date := _parse_date(str(value)):
            return date
    return None


def _json_values(data: object, key: str) -> Iterable[object]:
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key:
                yield value
            else:
                yield from _json_values(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _json_values(item, key)


def _first(values: Iterable[object]) -> str | None:
    for value in values:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _title_and_outlet(meta: _PageMeta, *, sitename: str | None, title: str | None) -> tuple[str | None, str | None]:
    """The headline and the outlet's name.

    What the page declares comes first (og:title / JSON-LD headline / ``<h1>``; og:site_name /
    JSON-LD publisher). Otherwise ``<title>`` is split at its separator ("Headline | Outlet"): the
    part that is not the headline names the outlet. trafilatura's own guesses come last, and a bare
    domain name is an outlet only when nothing else names one.
    """
    headline = meta.headline
    outlet = meta.site_name
    parts = _TITLE_SEPARATORS.split(meta.title_tag.strip()) if meta.title_tag else []
    if len(parts) > 1:
        keys = [_match_key(part) for part in parts]
        if headline and _match_key(headline) in keys:
            others = [part for part, key in zip(parts, keys, strict=True) if key != _match_key(headline)]
        else:
            longest = max(parts, key=lambda part: len(part.split()))
            headline = headline or longest
            others = [part for part in parts if part is not longest]
        tail = others[-1] if others else None
        if outlet is None and tail and _looks_like_outlet(tail):
            outlet = tail
    headline = headline or title or meta.title_tag
    if outlet is None and sitename and _match_key(sitename) != _match_key(headline or ""):
        outlet = sitename
    if outlet and _DOMAIN_LIKE.match(outlet) and sitename and not _DOMAIN_LIKE.match(sitename):
        outlet = sitename
    return headline, outlet


def _extract(html: str, *, url: str | None, favor_precision: bool) -> object | None:
    return bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=favor_precision,
        deduplicate=False,
    )


def _read_html(html: str, *, url: str | None) -> ArticleText:
    html = _XML_DECLARATION.sub("", html, count=1)
    if "<" not in html:
        raise ArticleReadError("The content is not an HTML page.")
    meta = _page_meta(html)
    # Precision first; a page whose text trafilatura then judges too thin gets the recall pass.
    document = _extract(html, url=url, favor_precision=True)
    if document is None or not getattr(document, "text", None):
        document = _extract(html, url=url, favor_precision=False)
    if document is None or not getattr(document, "text", None):
        raise ArticleReadError("No article text was found in the page.")
    title, outlet = _title_and_outlet(
        meta, sitename=getattr(document, "sitename", None), title=getattr(document, "title", None)
    )
    cleaned = _clean(str(getattr(document, "text", "")).split("\n"), title=title)
    published = meta.published or _parse_date(str(getattr(document, "date", None) or ""))
    return _finish(
        cleaned,
        title=title,
        outlet=outlet,
        author=getattr(document, "author", None),
        published=published,
        canonical_url=meta.canonical_url or meta.og_url or url or getattr(document, "url", None),
        language=meta.language or getattr(document, "language", None),
        empty_reason="No article text was found in the page: only menus, adverts or other boilerplate.",
    )
