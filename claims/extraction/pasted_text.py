"""The reader of pasted texts: paragraphs from line breaks, then the head of a copied news story
(``- Outlet - Sunday, March 30, 2025``, a title, ``By NAME``) turned into metadata."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from claims.extraction.boilerplate import (
    byline_names,
    clean_paragraphs,
    dateline_of,
    finish_article,
    header_line,
    is_furniture,
    is_promo_sentence,
    normalise_paragraph,
)
from claims.extraction.types import ArticleText

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
    return dateline_of(paragraph) is not None or (len(paragraph.split()) >= 12 and bool(_TERMINAL.search(paragraph)))


def read_text(text: str, *, url: str | None) -> ArticleText:
    paragraphs = [normalise_paragraph(p) for p in _text_paragraphs(text)]
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
        header = header_line(paragraph)
        if header is not None:
            outlet = outlet or header.outlet
            published = published or header.published
            author = author or header.author
            removed.append(paragraph)
            continue
        names = byline_names(paragraph)
        if names is not None:
            author = author or names
            removed.append(paragraph)
            continue
        if title is None and not is_furniture(paragraph) and _is_title_like(paragraph):
            title = paragraph
            removed.append(paragraph)
            continue
        body_start = index
        break
    cleaned = clean_paragraphs(paragraphs[body_start:], title=title)
    cleaned.removed[:0] = removed
    return finish_article(
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
    return len(paragraph.split()) <= 30 and not paragraph.endswith(".") and not is_promo_sentence(paragraph)
