"""Uploads are what their bytes say, not what their names say."""

from __future__ import annotations

import gzip
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.errors import DomainError
from factcheck.uploads import sniff_upload

PAGE = b"<!doctype html><html><head><title>Budget</title></head><body><p>The city spent $4m.</p></body></html>"
ARTICLE = b"The city spent $4 million on buses last year, the mayor said.\n"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
ARTICLE_UPLOAD = {"html", "text"}
LIBRARY_UPLOAD = {"html", "text", "pdf"}


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, expected",
    [
        (PAGE, "html"),
        (b"\xef\xbb\xbf" + PAGE, "html"),  # UTF-8 byte order mark
        (b"\xff\xfe" + PAGE.decode().encode("utf-16-le"), "html"),  # UTF-16 has NUL bytes and is still text
        (b"\n\n  <div class='story'><p>Fragment of a page</p></div>", "html"),
        (ARTICLE, "text"),
        ("Le maire a dépensé 4 M€ — «beaucoup».\n".encode("cp1252", "replace"), "text"),
        (ARTICLE + b"\x0c" + ARTICLE, "text"),  # a form feed between pages is text
        (b"BMW sold more cars. MZ Motors did not. ID3 tags, GIF89a and OggS are words here.", "text"),
    ],
)
def test_pages_and_text_are_recognised_whatever_their_encoding(data, expected):
    assert sniff_upload(data, filename="upload.bin", allowed=ARTICLE_UPLOAD) == expected


def test_a_pdf_is_accepted_where_pdfs_are_and_named_where_they_are_not():
    assert sniff_upload(PDF, filename="report.pdf", allowed=LIBRARY_UPLOAD) == "pdf"
    with pytest.raises(DomainError, match=r"report\.html is a PDF, not an HTML page or a text file"):
        sniff_upload(PDF, filename="report.html", allowed=ARTICLE_UPLOAD)


@pytest.mark.parametrize(
    "data, real",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00<html><script>alert(1)</script>", "a GIF image"),  # a GIF/HTML polyglot
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (docx(), "a ZIP archive (or an Office document)"),
        (gzip.compress(PAGE), "a gzip-compressed file"),  # article.html.gz renamed article.html
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "a Linux program"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "an old Office document"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "an SQLite database"),
        (b"\x00\x00\x00\x18ftypmp42", "an MP4/QuickTime video or HEIC image"),
    ],
)
def test_binary_files_named_like_pages_are_refused_by_what_they_really_are(data, real):
    with pytest.raises(DomainError, match=re.escape(f"article.html is {real}")) as error:
        sniff_upload(data, filename="article.html", allowed=LIBRARY_UPLOAD)
    assert error.value.field == "file"


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><p>text</p></svg>',
        b'<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
        b"<svg><script>alert(1)</script></svg>",
    ],
)
def test_svg_is_an_image_even_when_it_carries_html(svg):
    with pytest.raises(DomainError, match="is an SVG image"):
        sniff_upload(svg, filename="page.html", allowed=ARTICLE_UPLOAD)


def test_text_with_binary_bytes_inside_is_refused_even_deep_in_the_file():
    hidden = ARTICLE * 1000 + b"\x7fELF\x02\x01\x01\x00\x00\x00"
    with pytest.raises(DomainError, match="holds binary data"):
        sniff_upload(hidden, filename="notes.txt", allowed=ARTICLE_UPLOAD)
    with pytest.raises(DomainError, match="holds binary data"):
        sniff_upload(b"plain\x00text", filename="notes.txt", allowed=ARTICLE_UPLOAD)
    with pytest.raises(DomainError, match="holds binary data"):
        sniff_upload(b"\xff\xfe" + "text\x00here".encode("utf-16-le"), filename="u16.txt", allowed=ARTICLE_UPLOAD)


def test_the_name_decides_nothing():
    assert sniff_upload(PAGE, filename="notes.txt", allowed=ARTICLE_UPLOAD) == "html"
    assert sniff_upload(ARTICLE, filename="page.html", allowed=ARTICLE_UPLOAD) == "text"
    assert sniff_upload(ARTICLE, filename="scan.pdf", allowed=LIBRARY_UPLOAD) == "text"


def test_text_is_read_as_the_one_text_kind_allowed_and_a_page_is_not_a_pdf():
    assert sniff_upload(ARTICLE, filename="a.html", allowed={"html"}) == "html"
    assert sniff_upload(PAGE, filename="a.txt", allowed={"text"}) == "text"
    with pytest.raises(DomainError, match="is an HTML page, not a PDF"):
        sniff_upload(PAGE, filename="a.pdf", allowed={"pdf"})


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="empty"):
        sniff_upload(b"", filename="a.html", allowed=ARTICLE_UPLOAD)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.sets(st.sampled_from(["html", "text", "pdf"]), min_size=1))
def test_any_bytes_give_an_allowed_kind_or_a_readable_refusal(data, allowed):
    try:
        kind = sniff_upload(data, filename="x", allowed=allowed)
    except DomainError as error:
        assert error.message and error.field == "file"
    else:
        assert kind in allowed
