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

import hashlib
import unicodedata
from typing import Literal

from claims.extraction.decoding import decode_content
from claims.extraction.html_page import read_html
from claims.extraction.pasted_text import read_text
from claims.extraction.types import ArticleReadError, ArticleText

__all__ = ["ArticleReadError", "content_hash", "read_article"]


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
        return read_html(decoded, url=url)
    return read_text(decoded, url=url)


def content_hash(text: str) -> str:
    """Hex sha256 of ``text`` after NFKC, whitespace folding and lower-casing.

    Two texts that differ only in spacing, letter case or compatibility characters (non-breaking
    spaces, full-width letters) hash the same, which is what duplicate detection wants.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
