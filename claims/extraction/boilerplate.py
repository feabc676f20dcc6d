"""Boilerplate and bylines: the one boilerplate rule of the project (:func:`is_boilerplate`), header
lines, bylines and datelines of copied stories, and the cleaner both article readers share."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from claims.extraction.dates import date_line, parse_date
from claims.extraction.sentences import split_sentences
from claims.extraction.types import ArticleReadError, ArticleText

__all__ = ["is_boilerplate"]


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


def byline_names(line: str) -> str | None:
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
    if role and not (_ROLE_WORDS.search(role) or date_line(role) or looks_like_outlet(role, max_words=4)):
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


def header_line(line: str) -> _Header | None:
    """Read a line such as ``- Outlet - Sunday, March 30, 2025`` or ``Published: 12 May 2024``.

    Returns None when the line holds anything but an outlet name, a date and a byline.
    """
    if len(line) > 200:
        return None
    if _PUBLICATION_LINE.match(line) and len(line.split()) <= 12:
        # "Posted on 14/02/2025 by admin", "Updated 2 hours ago": the date may be unreadable, the
        # line is still metadata.
        by = re.search(r"\bby\s+(.+)$", line, re.IGNORECASE)
        return _Header(published=parse_date(line), author=byline_names(f"By {by.group(1)}") if by else None)
    parts = [p.strip() for p in _HEADER_SEPARATORS.split(line) if p and p.strip()]
    header = _Header()
    others: list[str] = []
    for part in parts:
        date = date_line(part)
        if date is not None:
            header.published = header.published or date
            continue
        names = byline_names(part)
        if names is not None:
            header.author = header.author or names
            continue
        others.append(part)
    if header.published is None and header.author is None:
        return None
    if len(others) > 1 or (others and not looks_like_outlet(others[0])):
        return None
    if others and header.author is None:
        header.outlet = others[0]
    return header


def looks_like_outlet(part: str, *, max_words: int = 7) -> bool:
    words = part.split()
    return 0 < len(words) <= max_words and part[0].isupper() and not part.endswith((".", "?", "!"))


def dateline_of(paragraph: str) -> str | None:
    """The place of a dateline opening ``paragraph`` (``TOKYO —`` gives ``"TOKYO"``)."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    place = match.group("place").strip()
    if len(re.sub(r"[^A-Z]", "", place.split(",")[0])) < 2:
        return None
    return place


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


def is_promo_sentence(sentence: str) -> bool:
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
    return is_furniture(text) or is_promo_sentence(text) or byline_names(text) is not None


def _is_nav_line(paragraph: str) -> bool:
    """A row of menu items: at least three short segments between bullets or pipes, no sentence."""
    segments = [s for s in _NAV_SEPARATORS.split(paragraph) if s.strip()]
    if len(segments) < 3 or re.search(r"[.!?]$", paragraph):
        return False
    return all(len(s.split()) <= 4 for s in segments)


def is_furniture(paragraph: str) -> bool:
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


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalise_paragraph(paragraph: str) -> str:
    paragraph = _INVISIBLE.sub("", unicodedata.normalize("NFC", paragraph))
    return " ".join(paragraph.split())


@dataclass(slots=True)
class _Cleaned:
    paragraphs: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # from bylines first, then contact lines
    dates: list[dt.date] = field(default_factory=list)


def clean_paragraphs(paragraphs: Iterable[str], *, title: str | None) -> _Cleaned:
    """Drop boilerplate, bylines, date-only lines and a repeated title; keep everything else as is.

    A paragraph is removed whole when it is furniture; otherwise only its boilerplate sentences go
    ("Click here to receive ..." at the end of a real paragraph), and a paragraph left untouched
    keeps its exact characters.
    """
    result = _Cleaned()
    in_list = False
    title_key = match_key(title) if title else None
    for raw in paragraphs:
        paragraph = normalise_paragraph(raw)
        if not paragraph:
            continue
        if in_list and _is_headline_like(paragraph):
            result.removed.append(paragraph)
            continue
        in_list = False
        # Bylines, date lines and "Outlet | date" lines are metadata wherever they stand.
        names = byline_names(paragraph)
        header = None if names else header_line(paragraph)
        if names or header:
            author = names or (header.author if header else None)
            if author:
                result.authors.append(author)
            if header and header.published:
                result.dates.append(header.published)
            result.removed.append(paragraph)
            continue
        if title_key and not result.paragraphs and match_key(paragraph) == title_key:
            result.removed.append(paragraph)
            continue
        if len(paragraph.split()) <= 8 and _LIST_HEADER.match(paragraph.strip(" •·-–—|*#")):
            in_list = True
            result.removed.append(paragraph)
            continue
        if is_furniture(paragraph):
            result.removed.append(paragraph)
            continue
        sentences = split_sentences(paragraph)
        kept = [s for s in sentences if not is_promo_sentence(s)]
        if len(kept) < len(sentences):
            # "Jane Doe can be reached at ..." names the author when no byline did.
            result.authors.extend(
                m.group("name") for s in sentences if (m := _CONTACT_NAME.match(s)) and len(m.group("name").split()) > 1
            )
            result.removed.extend(s for s in sentences if s not in kept)
            paragraph = " ".join(kept)
            if not kept or is_furniture(paragraph):
                if kept:
                    result.removed.append(paragraph)
                continue
        result.paragraphs.append(paragraph)
    return result


def match_key(value: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", value)).strip().casefold()


def finish_article(
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
        dateline=dateline_of(cleaned.paragraphs[0]),
        canonical_url=canonical_url,
        language=language,
        removed=tuple(cleaned.removed),
    )


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = normalise_paragraph(value)
    return value or None
