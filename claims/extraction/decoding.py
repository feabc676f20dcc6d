"""Decoding a page or pasted text to ``str``: BOMs, declared and ``<meta>`` charsets (read the way
browsers read them), then detection; binary files are refused with a reason a user can read."""

from __future__ import annotations

import codecs
import re
from typing import Literal

from charset_normalizer import from_bytes

from claims.extraction.types import ArticleReadError


def decode_content(content: str | bytes, *, kind: Literal["text", "html"], charset: str | None = None) -> str:
    """Decode bytes to text: BOM, then the declared ``charset``, then ``<meta>`` (HTML), then detection.

    Labels are read the way browsers read them (WHATWG): ``iso-8859-1`` and ``ascii`` mean
    Windows-1252, ``shift_jis`` means Windows-31J (cp932). A declared charset that cannot decode
    the bytes is skipped rather than trusted into mojibake. ``str`` input is returned unchanged.
    Raises ``ArticleReadError`` when the bytes are a binary file rather than text.
    """
    if isinstance(content, str):
        return content
    _reject_binary(content)
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    declared = [charset]
    if kind == "html":
        declared.append(_meta_charset(content))
    for label in declared:
        codec = _codec_for(label)
        if codec is None:
            continue
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is not None and best.encoding:
        return content.decode(_codec_for(best.encoding) or best.encoding, errors="replace")
    return content.decode("cp1252", errors="replace")


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# Labels that browsers decode with a wider codec than Python's codec of the same name.
_WHATWG_CODECS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
}


_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a media file"),
    (b"\x7fELF", "a program"),
)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


def _reject_binary(content: bytes) -> None:
    for magic, what in _BINARY_MAGIC:
        if content.startswith(magic):
            raise ArticleReadError(f"The content is binary ({what}), not an article text.")
    head = content[:8192]
    utf16_or_32 = any(head.startswith(bom) for bom, _ in _BOMS[1:])
    # Text in any single- or multi-byte charset used on the web has no NUL bytes; UTF-16/32 with a
    # BOM is the one exception.
    if b"\x00" in head and not utf16_or_32:
        raise ArticleReadError("The content is binary, not an article text.")


def _meta_charset(content: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag declares within the first 4 KB."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec_for(label: str | None) -> str | None:
    """The Python codec a charset label stands for, or None for a label Python does not know."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_CODECS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # ``utf-16`` declared in a <meta> of bytes we could read as ASCII is always a lie.
    return "utf-8" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec
