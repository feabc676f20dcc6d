"""The reference library: adding (text, HTML, PDF, URL), dedupe, limits, permissions, pages, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from evidence.models import EvidenceDocument
from evidence.services import library_document_add, library_document_update
from factcheck.errors import DomainError, Forbidden
from factcheck.fetching import FetchResult, FetchTimeout
from factcheck.models import ReviewEvent
from factcheck.uploads import sniff_upload
from tests.factories import EvidenceDocumentFactory

pytestmark = pytest.mark.django_db

HTML = b"""<!doctype html><html><head><title>Japan defence budget explained | Demo Desk</title>
<meta property="og:site_name" content="Demo Desk"><meta property="article:published_time" content="2024-12-27">
</head><body><nav>Home | World | Politics</nav><article><h1>Japan defence budget explained</h1>
<p>Japan's cabinet approved a record defence budget of 8.7 trillion yen for the 2025 fiscal year, the third year
of a five-year plan to build up the Self-Defense Forces.</p>
<p>Under the 2022 national security strategy, defence-related spending is to reach 2% of GDP by 2027.</p>
<p>Critics say the increase is funded partly by future tax rises that have not yet been legislated.</p>
</article><footer>Copyright Demo Desk</footer></body></html>"""


def pdf_bytes(text: str) -> bytes:
    """A minimal one-page PDF whose text layer is ``text`` (Helvetica, no compression)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


# --- Service ---------------------------------------------------------------------------------------


def test_pasted_text_is_added_with_its_details_and_audited(editor: Any) -> None:
    result = library_document_add(user=editor, title="USFJ", text="  About 55,000 troops.  ", publisher="Desk")
    document = result.document
    assert result.created and (document.title, document.text, document.source) == (
        "USFJ",
        "About 55,000 troops.",
        "paste",
    )
    assert document.added_by == editor
    event = ReviewEvent.objects.get(action="library.added")
    assert event.actor == editor and event.object_id == document.pk


def test_the_same_text_is_stored_once(editor: Any) -> None:
    first = library_document_add(user=editor, title="A", text="Japan hosts about 55,000 U.S. troops.")
    again = library_document_add(user=editor, title="B", text="japan hosts  about 55,000 U.S. troops.")
    assert not again.created and again.document.pk == first.document.pk
    assert EvidenceDocument.objects.count() == 1


def test_an_html_upload_is_read_to_its_main_text_and_metadata(editor: Any) -> None:
    document = library_document_add(user=editor, content=HTML).document
    assert document.title == "Japan defence budget explained"
    assert "2% of GDP by 2027" in document.text and "Home | World" not in document.text
    assert document.publisher == "Demo Desk" and document.source == "upload"


def test_a_pdf_is_read_by_its_content_whatever_its_name(editor: Any) -> None:
    content = pdf_bytes("NATO allies agreed to spend 2 percent of GDP on defence.")
    kinds = {"pdf", "html", "text"}
    assert sniff_upload(content, filename="a", allowed=kinds) == "pdf"
    assert sniff_upload(HTML, filename="a", allowed=kinds) == "html"
    assert sniff_upload(b"plain words", filename="a", allowed=kinds) == "text"
    document = library_document_add(user=editor, content=content, title="NATO guideline").document
    assert "NATO allies agreed to spend 2 percent of GDP on defence." in document.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 this is not really a pdf", "This PDF cannot be read"),
        (pdf_bytes(""), "This PDF has no text layer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(editor: Any, content: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        library_document_add(user=editor, content=content)
    assert not EvidenceDocument.objects.exists()


def test_size_limits_apply_to_files_and_texts(editor: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    with pytest.raises(DomainError, match="larger than 2,048 bytes"):
        library_document_add(user=editor, content=b"x " * 2000)
    settings.LIBRARY_MAX_CHARS = 1000
    with pytest.raises(DomainError, match="longer than 1,000 characters"):
        library_document_add(user=editor, text="word " * 300)


def test_a_url_is_fetched_with_the_safe_fetcher_which_also_accepts_pdfs(editor: Any) -> None:
    page = FetchResult(
        url="https://news.example/budget",
        final_url="https://news.example/budget",
        status=200,
        content_type="text/html",
        charset="utf-8",
        content=HTML,
    )
    with mock.patch("evidence.services.library.fetch", return_value=page) as fetch:
        document = library_document_add(user=editor, fetch_url="https://news.example/budget").document
    assert "application/pdf" in fetch.call_args.kwargs["policy"].allowed_content_types
    assert (document.url, document.source) == ("https://news.example/budget", "url")
    with (
        mock.patch("evidence.services.library.fetch", side_effect=FetchTimeout("The site did not answer.")),
        pytest.raises(DomainError, match=r"The site did not answer\.") as raised,
    ):
        library_document_add(user=editor, fetch_url="https://slow.example/")
    assert raised.value.field == "fetch_url"  # the field that was sent


def test_only_editors_change_the_library(factchecker: Any, editor: Any) -> None:
    with pytest.raises(Forbidden):
        library_document_add(user=factchecker, text="Anything.")
    document = library_document_add(user=editor, title="T", text="Text one.").document
    with pytest.raises(Forbidden):
        library_document_update(document=document, user=factchecker, title="New")


def test_changing_the_text_to_another_documents_text_is_a_conflict(editor: Any) -> None:
    library_document_add(user=editor, title="A", text="First text.")
    second = library_document_add(user=editor, title="B", text="Second text.").document
    with pytest.raises(DomainError, match="already has this text"):
        library_document_update(document=second, user=editor, title="B", text="first   TEXT.")


# --- Pages -----------------------------------------------------------------------------------------


def test_fact_checkers_read_and_search_the_library(client: Any, factchecker: Any, editor: Any) -> None:
    library_document_add(user=editor, title="USFJ", text="About 55,000 troops are stationed in Japan.")
    client.force_login(factchecker)
    page = client.get(reverse("evidence:library"), {"q": "troops"})
    assert page.status_code == 200
    assert b"<mark>troops</mark>" in page.content
    assert b"Add a document" not in page.content
    assert client.get(reverse("evidence:document-add")).status_code == 403


def test_people_without_a_role_cannot_see_the_library(client: Any, outsider: Any) -> None:
    client.force_login(outsider)
    assert client.get(reverse("evidence:library")).status_code == 403


def test_the_library_list_costs_a_fixed_number_of_queries(
    client: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    EvidenceDocumentFactory.create_batch(30)
    client.force_login(factchecker)
    client.get(reverse("evidence:library"))  # warm the session and permission caches
    with django_assert_max_num_queries(7):
        response = client.get(reverse("evidence:library"))
    assert response.status_code == 200 and response.content.count(b'href="/library/') >= 25


def test_an_editor_adds_by_upload_edits_and_deletes(client: Any, editor: Any) -> None:
    client.force_login(editor)
    upload = SimpleUploadedFile("notes.txt", pdf_bytes("Yokota Air Base hosts the USFJ headquarters."))
    response = client.post(reverse("evidence:document-add"), {"file": upload, "title": "Yokota"})
    document = EvidenceDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("evidence:document", args=[document.pk])
    assert "Yokota Air Base" in document.text  # a PDF named .txt is still read as a PDF
    response = client.post(
        reverse("evidence:document-edit", args=[document.pk]),
        {"title": "Yokota AB", "text": document.text, "publisher": "Desk"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.publisher) == ("Yokota AB", "Desk")
    assert client.post(reverse("evidence:document-delete", args=[document.pk])).status_code == 302
    assert not EvidenceDocument.objects.exists()


def test_the_add_form_keeps_what_was_typed_and_shows_the_error_in_place(client: Any, editor: Any) -> None:
    client.force_login(editor)
    response = client.post(
        reverse("evidence:document-add"),
        {"text": "Some text", "fetch_url": "https://x.example/", "title": "Kept title"},
    )
    assert response.status_code == 200
    assert b"Give exactly one of" in response.content and b"Kept title" in response.content
    response = client.post(reverse("evidence:document-add"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-broken")})
    assert b"This PDF cannot be read" in response.content


# --- Import command --------------------------------------------------------------------------------


def test_import_library_reports_created_duplicate_and_failed_and_exits_non_zero(
    tmp_path: Path, editor: Any, capsys: Any
) -> None:
    (tmp_path / "a.txt").write_text("Japan's 2022 strategy aims at 2% of GDP by 2027.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Japan's 2022 strategy aims at 2% of GDP by 2027.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_bytes(HTML)
    (tmp_path / "sub" / "scan.pdf").write_bytes(pdf_bytes(""))
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_library", str(tmp_path), "--user", editor.username)
    out, err = capsys.readouterr()
    assert "4 files: 2 created, 1 duplicate, 1 failed." in out
    assert "scan.pdf: This PDF has no text layer" in err
    assert set(EvidenceDocument.objects.values_list("source", flat=True)) == {"import"}


def test_import_library_succeeds_quietly_when_everything_imports(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "a.txt").write_text("One note.", encoding="utf-8")
    call_command("import_library", str(tmp_path))
    assert "1 files: 1 created, 0 duplicate, 0 failed." in capsys.readouterr().out
