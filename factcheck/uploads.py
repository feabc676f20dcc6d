"""What an uploaded file really is, read from its bytes: the file name and the browser's content
type are whatever the sender chose, so neither is trusted.

:func:`sniff_upload` knows three accepted kinds (``html``, ``text``, ``pdf``) and names the common
things that arrive pretending to be one of them: images, archives and Office documents,
executables, SVG, compressed pages, and text with binary data inside. It is pure (bytes in, a kind
or a :class:`DomainError` out), so the article upload and the reference library share it.
"""

from __future__ import annotations

import re

from factcheck.errors import DomainError

KINDS = frozenset({"html", "text", "pdf"})
_KIND_NAMES = {"html": "an HTML page", "text": "a text file", "pdf": "a PDF"}

# (leading bytes, what the file is). Checked in order, at offset 0.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a Linux program"),
    (b"MZ", "a Windows program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a Java class or macOS program"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
)
_PRINTABLE_SIGNATURES = frozenset({b"BM", b"MZ", b"BZh", b"OggS", b"ID3", b"fLaC", b"GIF87a", b"GIF89a"})
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 control characters that never appear in text: everything below a space except tab, line feed,
# vertical tab, form feed, carriage return, SUB (an old end-of-file mark) and ESC.
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x19\x1c-\x1f]")
_SVG = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]", re.I | re.S)
_MARKUP = re.compile(
    r"<(!doctype\s+html|html|head|body|meta|title|article|main|section|div|p|h[1-6]|table|span|a\s)[\s>/]?", re.I
)
_HEAD = 8192


def _container(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4/QuickTime video or HEIC image"
    return None


def _as_text(data: bytes) -> str | None:
    """The data as text, or None when it holds control bytes no text file has."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _CONTROL.search(text) else text
    if _CONTROL_BYTES.search(data):
        return None
    # Not necessarily UTF-8: the page reader works the charset out later; here only "is it text".
    return data.decode("utf-8", "replace")


def sniff_upload(data: bytes, *, filename: str, allowed: set[str]) -> str:
    """The kind of ``data`` (``"html"``, ``"text"`` or ``"pdf"``), which must be in ``allowed``.

    Raises :class:`DomainError` (field ``"file"``) naming what the file really is when it is
    empty, a known binary format, or text with binary bytes inside. ``filename`` is only quoted
    in messages: a ``.html`` name on a PNG does not make it a page. Markup decides between
    ``html`` and ``text``; when only one of them is allowed, any text is read as that one.
    """
    unknown = set(allowed) - KINDS
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
    name = filename or "The file"
    wanted = " or ".join(_KIND_NAMES[k] for k in sorted(allowed)) or "nothing"
    if not data:
        raise DomainError(f"{name} is empty.", field="file")
    text = _as_text(data)
    real: str | None = _container(data)
    if real is None:
        real = next(
            (
                kind
                for magic, kind in _SIGNATURES
                # "BMW said…" is text, not a BMP: short printable signatures count only in binary data.
                if data.startswith(magic) and (text is None or magic not in _PRINTABLE_SIGNATURES)
            ),
            None,
        )
    if real == "pdf":
        if "pdf" in allowed:
            return "pdf"
        real = "a PDF"
    if real is not None:
        raise DomainError(f"{name} is {real}, not {wanted}.", field="file")
    if text is None:
        raise DomainError(f"{name} holds binary data, so it is not {wanted}.", field="file")
    head = text[:_HEAD]
    if _SVG.match(head):
        raise DomainError(f"{name} is an SVG image, not {wanted}.", field="file")
    looks_like = "html" if _MARKUP.search(head) else "text"
    if looks_like in allowed:
        return looks_like
    other = ({"html", "text"} - {looks_like}).pop()
    if other in allowed:
        return other
    raise DomainError(f"{name} is {_KIND_NAMES[looks_like]}, not {wanted}.", field="file")
