"""The reader of saved HTML pages: trafilatura for the main text, and metadata from JSON-LD,
OpenGraph and ``<meta>`` (title, outlet, author, date, canonical address)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html
from trafilatura import bare_extraction
from trafilatura.settings import set_date_params

from claims.extraction.boilerplate import clean_paragraphs, finish_article, looks_like_outlet, match_key
from claims.extraction.dates import parse_date
from claims.extraction.types import ArticleReadError, ArticleText

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
            if isinstance(value, str) and (date := parse_date(value)):
                return date
    for value in tree.xpath(
        "//meta[@property='article:published_time' or @itemprop='datePublished' or @name='pubdate']/@content"
        " | //*[@itemprop='datePublished']/@datetime"
    ):
        if date := parse_date(str(value)):
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
        keys = [match_key(part) for part in parts]
        if headline and match_key(headline) in keys:
            others = [part for part, key in zip(parts, keys, strict=True) if key != match_key(headline)]
        else:
            longest = max(parts, key=lambda part: len(part.split()))
            headline = headline or longest
            others = [part for part in parts if part is not longest]
        tail = others[-1] if others else None
        if outlet is None and tail and looks_like_outlet(tail):
            outlet = tail
    headline = headline or title or meta.title_tag
    if outlet is None and sitename and match_key(sitename) != match_key(headline or ""):
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
        # No guessing: an extensive search turns any year in the text ("© 2025") into January 1st.
        date_extraction_params=set_date_params(extensive=False),
    )


def read_html(html: str, *, url: str | None) -> ArticleText:
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
    cleaned = clean_paragraphs(str(getattr(document, "text", "")).split("\n"), title=title)
    published = meta.published or parse_date(str(getattr(document, "date", None) or ""))
    return finish_article(
        cleaned,
        title=title,
        outlet=outlet,
        author=getattr(document, "author", None),
        published=published,
        canonical_url=meta.canonical_url or meta.og_url or url or getattr(document, "url", None),
        language=meta.language or getattr(document, "language", None),
        empty_reason="No article text was found in the page: only menus, adverts or other boilerplate.",
    )
