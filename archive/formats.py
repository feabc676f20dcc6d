"""Reading fact-check files: ClaimReview JSON-LD and CSV/TSV, into records and row errors.

Pure Python (no Django): bytes in, :class:`Parsed` out. Nothing here stops at a bad row; each one
becomes a :class:`RowError` with where it was (a line of a CSV/TSV, an item of a JSON file).

* **JSON-LD**: one ``ClaimReview`` object, a list of them, an ``@graph``, or a schema.org ``DataFeed``
  as Google's Fact Check markup tool and Data Commons export it (``dataFeedElement`` items whose
  ``item`` holds the ClaimReview, alone or in a list). The external id is ``@id``, else the review's
  ``url`` with a short hash of the claim (one article can review several claims).
* **CSV / TSV** with a header: ``id`` and ``claim`` at least (``vclaim`` and ``claim_reviewed`` are
  read as ``claim``); optional ``title``, ``rating``, ``url``, ``publisher``, ``date``, ``language``.
  The CLEF CheckThat! file ``verified_claims.docs.tsv`` has an empty first header cell: that
  column is the id.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_CLAIM_CHARS = 5000
_DATE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_ALIASES = {
    "": "id",
    "external_id": "id",
    "vclaim_id": "id",
    "vclaim": "claim",
    "claim_reviewed": "claim",
    "claimreviewed": "claim",
    "text": "claim",
    "rating_text": "rating",
    "date_published": "date",
    "published": "date",
    "lang": "language",
}
FIELDS = ("id", "claim", "title", "rating", "url", "publisher", "date", "language")


@dataclass(frozen=True)
class Record:
    """One fact-check as read from a file; ``position`` is its line (CSV/TSV) or item number (JSON)."""

    position: int
    external_id: str
    claim: str
    title: str = ""
    rating: str = ""
    url: str = ""
    publisher: str = ""
    published: dt.date | None = None
    language: str = ""


@dataclass(frozen=True)
class RowError:
    position: int
    unit: str  # "line" or "item"
    reason: str

    def __str__(self) -> str:
        return f"{self.unit} {self.position}: {self.reason}"


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unit: str = "line"


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (not JSON, no header, no id/claim columns)."""


def parse_date(value: Any) -> dt.date | None:
    """``YYYY-MM-DD`` (a datetime's date part, ``/`` separators too); None for empty; ValueError otherwise."""
    if value in (None, ""):
        return None
    match = _DATE.match(str(value))
    if not match:
        raise ValueError(f"unreadable date {str(value)[:40]!r} (expected YYYY-MM-DD)")
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def parse(name: str, data: bytes) -> Parsed:
    """Records and row errors of one file; the format is chosen by content (JSON) or name (TSV)."""
    text = data.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return parse_claimreview(text)
    delimiter = "\t" if name.lower().endswith(".tsv") or "\t" in text.split("\n", 1)[0] else ","
    return parse_table(text, delimiter=delimiter)


# --------------------------------------------------------------------------------------------
# CSV / TSV
# --------------------------------------------------------------------------------------------


def _header(cells: list[str]) -> list[str]:
    names = []
    for cell in cells:
        name = cell.strip().lower().replace(" ", "_").replace("-", "_")
        names.append(_ALIASES.get(name, name))
    return names


def parse_table(text: str, *, delimiter: str) -> Parsed:
    csv.field_size_limit(1 << 24)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except StopIteration:
        raise UnreadableFile("The file is empty.") from None
    missing = [name for name in ("id", "claim") if name not in header]
    if missing:
        raise UnreadableFile(
            f"The header needs the columns id and claim; missing: {', '.join(missing)} (found: {', '.join(header)})."
        )
    parsed = Parsed(unit="line")
    line = reader.line_num + 1  # the line the next row starts on
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            parsed.errors.append(RowError(start, "line", f"{len(cells)} columns where the header has {len(header)}"))
            continue
        row = dict(zip(header, cells, strict=True))
        _add(parsed, start, row)
    return parsed


def _add(parsed: Parsed, position: int, row: dict[str, Any]) -> None:
    external_id = str(row.get("id") or "").strip()
    claim = " ".join(str(row.get("claim") or "").split())
    if not claim:
        parsed.errors.append(RowError(position, parsed.unit, "no claim text"))
        return
    if not external_id:
        parsed.errors.append(RowError(position, parsed.unit, "no id"))
        return
    try:
        published = parse_date(row.get("date"))
    except ValueError as exc:
        parsed.errors.append(RowError(position, parsed.unit, str(exc)))
        return
    parsed.records.append(
        Record(
            position=position,
            external_id=external_id[:300],
            claim=claim[:MAX_CLAIM_CHARS],
            title=" ".join(str(row.get("title") or "").split())[:500],
            rating=str(row.get("rating") or "").strip()[:200],
            url=str(row.get("url") or "").strip()[:2000],
            publisher=str(row.get("publisher") or "").strip()[:200],
            published=published,
            language=str(row.get("language") or "").strip()[:35],
        )
    )


# --------------------------------------------------------------------------------------------
# ClaimReview JSON-LD
# --------------------------------------------------------------------------------------------


def _is_type(node: Any, name: str) -> bool:
    kind = node.get("@type") if isinstance(node, dict) else None
    return kind == name or (isinstance(kind, list) and name in kind)


def _reviews(document: Any) -> Iterator[Any]:
    """The ClaimReview nodes (and anything else that stands where one should) in file order."""
    if isinstance(document, list):
        for node in document:
            yield from _reviews(node)
    elif isinstance(document, dict) and "@graph" in document:
        yield from _reviews(document["@graph"])
    elif _is_type(document, "DataFeed"):
        for element in document.get("dataFeedElement") or []:
            item = element.get("item") if isinstance(element, dict) else None
            yield from _reviews(item if item is not None else element)
    else:
        yield document


def _name(node: Any) -> str:
    if isinstance(node, list):
        node = node[0] if node else ""
    if isinstance(node, dict):
        return str(node.get("name") or node.get("alternateName") or "")
    return str(node or "")


def _row_of(review: dict[str, Any]) -> dict[str, Any]:
    claim = review.get("claimReviewed") or ""
    url = str(review.get("url") or "").strip()
    external_id = str(review.get("@id") or "").strip()
    if not external_id and url and claim:
        external_id = f"{url}#{hashlib.sha256(' '.join(str(claim).split()).encode()).hexdigest()[:12]}"
    rating = review.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    rating_text = ""
    if isinstance(rating, dict):
        rating_text = str(rating.get("alternateName") or rating.get("name") or rating.get("ratingValue") or "")
    language = review.get("inLanguage") or ""
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name") or ""
    return {
        "id": external_id,
        "claim": claim,
        "title": review.get("headline") or review.get("name") or "",
        "rating": rating_text,
        "url": url,
        "publisher": _name(review.get("author") or review.get("publisher")),
        "date": review.get("datePublished") or "",
        "language": language,
    }


def parse_claimreview(text: str) -> Parsed:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"Not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    parsed = Parsed(unit="item")
    for position, review in enumerate(_reviews(document), start=1):
        if not _is_type(review, "ClaimReview"):
            kind = review.get("@type") if isinstance(review, dict) else type(review).__name__
            parsed.errors.append(RowError(position, "item", f"not a ClaimReview (found {kind or 'no @type'})"))
            continue
        if not review.get("@id") and not review.get("url"):
            parsed.errors.append(RowError(position, "item", "no @id or url to identify it"))
            continue
        _add(parsed, position, _row_of(review))
    return parsed
