"""Extraction of one article file into the JSON contract of ``manage.py extract_claims --json`` (issue 4).

Pure functions, no Django and no database: the management command only parses arguments and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claims.extraction.article import read_article
from claims.extraction.pipeline import CheckworthinessScorer, extract_claims
from claims.extraction.types import ArticleText, ExtractedClaim

__all__ = ["article_to_dict", "claim_to_dict", "extract_file_to_dict"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def extract_file_to_dict(path: str | Path, *, model: CheckworthinessScorer | None = None) -> dict[str, Any]:
    """Read ``path`` (pasted text, or a saved page when it ends in .html/.htm) and extract its claims.

    Returns ``{"source", "article": {outlet, title, author, published}, "claims": [...]}`` exactly as the
    contract of issue 4 lists them. Raises ``OSError`` for an unreadable file and
    ``ArticleReadError`` for content that is not an article.
    """
    file_path = Path(path)
    content = file_path.read_bytes()
    is_html = file_path.suffix.lower() in _HTML_SUFFIXES or _looks_like_html(content)
    article = read_article(content, kind="html" if is_html else "text")
    claims = extract_claims(article.text, model=model)
    return {
        "source": str(path),
        "article": article_to_dict(article),
        "claims": [claim_to_dict(c) for c in claims],
    }


def _looks_like_html(content: bytes) -> bool:
    head = content[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def article_to_dict(article: ArticleText) -> dict[str, Any]:
    return {
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
    }


def claim_to_dict(claim: ExtractedClaim) -> dict[str, Any]:
    speaker = None
    if claim.speaker is not None:
        speaker = {"name": claim.speaker.name, "title": claim.speaker.title}
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind.value,
        "checkworthiness": claim.checkworthiness,
        "speaker": speaker,
        "quantities": [
            {
                "text": q.text,
                "value": q.value,
                "unit": q.unit,
                "bound": q.bound.value if q.bound is not None else None,
                "change": q.change.value if q.change is not None else None,
            }
            for q in claim.quantities
        ],
    }
