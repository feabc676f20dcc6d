"""The reference library: add, change and remove documents. Editors write; everyone with a role reads.

Every write checks the actor's permission, runs in one transaction and records a ReviewEvent.
``user=None`` is the system acting from the command line (``import_library``, ``load_demo``):
whoever runs a management command already has the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.db import IntegrityError, transaction
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from claims.extraction.article import ArticleReadError, content_hash, read_article
from claims.extraction.decoding import decode_content
from evidence.models import EvidenceDocument
from evidence.services.passages import library_passages_refresh
from factcheck import roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, ErrorKind, Forbidden
from factcheck.fetching import FetchError, FetchPolicy, fetch
from factcheck.public_urls import public_url, shown_url
from factcheck.uploads import sniff_upload

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 500


@dataclass(frozen=True)
class LibraryAddResult:
    document: EvidenceDocument
    created: bool  # False: the same text was already in the library; ``document`` is that one


class DocumentDetails(TypedDict, total=False):
    """What is said of a document besides its text; adding and changing one take the same."""

    title: str
    publisher: str
    url: str  # the address shown as the source (a public web address), not one to fetch
    published: dt.date | None


def _given(details: DocumentDetails) -> DocumentDetails:
    """The details as stored: trimmed to their columns, an address checked (an empty one stays empty)."""
    url = (details.get("url") or "").strip()
    return {
        "title": (details.get("title") or "").strip()[:500],
        "publisher": (details.get("publisher") or "").strip()[:200],
        "url": public_url(url, field="url") if url else "",
        "published": details.get("published"),
    }


@dataclass(frozen=True)
class _Read:
    text: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None


def _require(user: Any, allowed: Callable[[Any], bool], action: str) -> None:
    if user is None:
        return  # the system, from a management command
    if not allowed(user):
        raise Forbidden(f"Only editors can {action} the reference library.")


def read_pdf(content: bytes) -> str:
    """The text layer of a PDF, page by page. Raises DomainError for unreadable or text-less PDFs."""

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DomainError("This PDF is password-protected.", field="file")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DomainError(f"This PDF has more than {MAX_PDF_PAGES} pages.", field="file")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DomainError(f"This PDF cannot be read ({type(exc).__name__}).", field="file") from None
    text = "\n\n".join(" ".join(p.split()) for p in pages if p.strip())
    if not text.strip():
        raise DomainError("This PDF has no text layer (a scanned image?): nothing to search.", field="file")
    return text


def read_content(content: bytes, *, url: str | None = None, charset: str | None = None) -> _Read:
    """Read uploaded or fetched bytes as PDF, HTML or plain text, whatever their name claims."""
    if len(content) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise DomainError(f"The file is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.", field="file")
    # By the bytes, never the name: a PNG called notes.html is refused, naming what it is.
    kind = sniff_upload(content, filename="The file", allowed={"pdf", "html", "text"})
    if kind == "pdf":
        return _Read(text=read_pdf(content), url=url)
    try:
        if kind == "html":
            article = read_article(content, kind="html", url=url, charset=charset)
            return _Read(article.text, article.title, article.outlet, article.published, article.canonical_url or url)
        return _Read(text=decode_content(content, kind="text", charset=charset).strip(), url=url)
    except ArticleReadError as exc:
        raise DomainError(exc.reason, field="file") from None


def _fetch(url: str) -> _Read:
    # The ingestion fetcher's rules (public addresses only, size and time limits), plus PDFs.
    # Errors name `fetch_url`, the field the caller sent (`url` is the address shown as the source).
    url = public_url(url, field="fetch_url")
    base = FetchPolicy.from_settings()
    policy = dataclasses.replace(base, allowed_content_types=(*base.allowed_content_types, "application/pdf"))
    try:
        result = fetch(url, policy=policy)
    except FetchError as exc:
        raise DomainError(exc.reason, field="fetch_url") from None
    read = read_content(result.content, url=result.final_url, charset=result.charset)
    return dataclasses.replace(read, url=shown_url(read.url) or result.final_url)


@transaction.atomic
def library_document_add(
    *,
    user: Any,
    text: str | None = None,
    content: bytes | None = None,
    fetch_url: str | None = None,
    source: str | None = None,
    **details: Unpack[DocumentDetails],
) -> LibraryAddResult:
    """Add one document from exactly one of: pasted ``text``, uploaded ``content`` bytes, or ``fetch_url``.

    Uploaded and fetched bytes are sniffed: PDF (text layer via pypdf), HTML (main text via the
    article reader) or plain text. Title, publisher, date and address found in the content fill
    in what the caller left empty. The same text (by content hash) is never stored twice: the
    existing document comes back with ``created=False``. A new document is split into passages,
    embedded once the transaction commits. Needs ``evidence.add_evidencedocument``.
    """
    _require(user, roles.can_add_to_library, "add to")
    stated = _given(details)
    given = [n for n, v in (("text", text), ("file", content), ("fetch_url", fetch_url)) if v not in (None, "", b"")]
    if len(given) != 1:
        raise DomainError("Give exactly one of: pasted text, a file, or a URL to fetch.", field="text")
    if text is not None and text.strip():
        read = _Read(text=text.strip())
        kind = EvidenceDocument.Source.PASTE
    elif content:
        read = read_content(content)
        kind = EvidenceDocument.Source.UPLOAD
    else:
        read = _fetch((fetch_url or "").strip())
        kind = EvidenceDocument.Source.URL
    body = read.text.strip()
    if not body:
        raise DomainError("The document has no text.", field=given[0])
    if len(body) > settings.LIBRARY_MAX_CHARS:
        raise DomainError(f"The document is longer than {settings.LIBRARY_MAX_CHARS:,} characters.", field=given[0])
    digest = content_hash(body)
    existing = EvidenceDocument.objects.filter(content_hash=digest).first()
    if existing is not None:
        return LibraryAddResult(existing, created=False)
    document = EvidenceDocument(
        title=stated["title"] or (read.title or body.split("\n", 1)[0]).strip()[:500],
        text=body,
        url=(stated["url"] or read.url or "").strip()[:2000],
        publisher=stated["publisher"] or (read.publisher or "").strip()[:200],
        published=stated["published"] or read.published,
        source=source or kind,
        content_hash=digest,
        added_by=user,
    )
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same text was added meanwhile by someone else
        return LibraryAddResult(EvidenceDocument.objects.get(content_hash=digest), created=False)
    library_passages_refresh(document=document)
    record_event(
        actor=user,
        action="library.added",
        obj=document,
        after={"title": document.title, "source": document.source, "chars": len(body)},
    )
    return LibraryAddResult(document, created=True)


def _details(document: EvidenceDocument) -> dict[str, Any]:
    """What the audit trail records of a document's details (its text by its hash)."""
    details: dict[str, Any] = {name: getattr(document, name) for name in ("title", "publisher", "url", "content_hash")}
    details["published"] = document.published.isoformat() if document.published else None
    return details


@transaction.atomic
def library_document_update(
    *, document: EvidenceDocument, user: Any, text: str | None = None, **details: Unpack[DocumentDetails]
) -> EvidenceDocument:
    """Change a document's details and, optionally, its text. Needs ``evidence.change_evidencedocument``.

    A new text that another document already has is refused (a conflict), never merged silently.
    The search index follows by trigger; a new text is split into passages again and re-embedded.
    """
    _require(user, roles.can_change_library, "change")
    given = _given(details)
    if not given["title"]:
        raise DomainError("A document needs a title.", field="title")
    before = _details(document)
    document.title, document.publisher = given["title"], given["publisher"]
    document.url, document.published = given["url"], given["published"]
    fields = ["title", "publisher", "url", "published", "updated_at"]
    if text is not None and text.strip() and content_hash(text.strip()) != document.content_hash:
        body = text.strip()
        if len(body) > settings.LIBRARY_MAX_CHARS:
            raise DomainError(f"The document is longer than {settings.LIBRARY_MAX_CHARS:,} characters.", field="text")
        digest = content_hash(body)
        twin = EvidenceDocument.objects.filter(content_hash=digest).exclude(pk=document.pk).first()
        if twin is not None:
            raise DomainError(
                f"Document #{twin.pk} (“{twin.title}”) already has this text.", field="text", kind=ErrorKind.CONFLICT
            )
        document.text, document.content_hash = body, digest
        fields += ["text", "content_hash"]
    document.save(update_fields=fields)
    if "text" in fields:
        library_passages_refresh(document=document)
    record_event(
        actor=user,
        action="library.changed",
        obj=document,
        before=before,
        after=_details(document),
    )
    return document


@transaction.atomic
def library_document_delete(*, document: EvidenceDocument, user: Any) -> None:
    """Remove a document. Evidence already found from it stays on its claims (without the link).

    Needs ``evidence.delete_evidencedocument``.
    """
    _require(user, roles.can_delete_from_library, "delete from")
    record_event(
        actor=user,
        action="library.deleted",
        obj=document,
        before={"title": document.title, "content_hash": document.content_hash},
    )
    document.delete()
