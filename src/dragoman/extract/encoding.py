"""Decoding the bytes of an HTML page the way browsers do.

The order follows the WHATWG HTML "determining the character encoding" algorithm:

1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything;
2. the ``charset`` parameter of the HTTP ``Content-Type`` header;
3. a ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="...; charset=...">``
   in the document head. Browsers pre-scan the first 1024 bytes and, when the declaration
   comes later in the head, re-parse once they meet it; we therefore scan the whole head
   (bounded by ``<body`` or 64 KiB), skipping comments. As in browsers, a meta declaring
   UTF-16/32 means UTF-8 (the bytes were readable as ASCII to get there);
4. detection: bytes that are valid UTF-8 are UTF-8; otherwise ``charset_normalizer``;
5. windows-1252, the web's default for unlabeled legacy pages.

Labels are mapped as the WHATWG Encoding Standard maps them, where it differs from Python's
codecs: ``iso-8859-1``, ``latin1`` and ``us-ascii`` mean windows-1252, ``gb2312``/``gbk``
mean GB18030, ``shift_jis`` means windows-31j, ``euc-kr`` means windows-949, ``big5`` means
Big5-HKSCS, ``iso-8859-9`` means windows-1254, ``tis-620``/``iso-8859-11`` mean windows-874.

Undecodable bytes become U+FFFD, never an exception.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DecodedPage", "decode_html", "detect_encoding", "python_codec"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG label -> Python codec, where Python would decode differently (or not know the label).
_WHATWG_OVERRIDES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252", "iso-ir-100": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "x-cp1252": "cp1252", "windows-1252": "cp1252",
    "iso-8859-9": "cp1254", "iso8859-9": "cp1254", "latin5": "cp1254", "l5": "cp1254",
    "iso-8859-11": "cp874", "tis-620": "cp874", "dos-874": "cp874", "windows-874": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "chinese": "gb18030",
    "csgb2312": "gb18030", "iso-ir-58": "gb18030", "gb_2312-80": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "ms_kanji": "cp932",
    "x-sjis": "cp932", "windows-31j": "cp932", "csshiftjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "windows-949": "cp949", "korean": "cp949",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs",
    "x-mac-roman": "mac-roman", "macintosh": "mac-roman", "mac": "mac-roman",
    "x-user-defined": "cp1252", "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8", "x-unicode20utf8": "utf-8", "utf8": "utf-8",
}  # fmt: skip
# the "x-cp125N" labels of the windows-125N encodings (x-cp1256 for Arabic, x-cp1251 for Cyrillic...)
_WHATWG_OVERRIDES.update({f"x-cp125{n}": f"cp125{n}" for n in range(9) if n != 2})

_META_SCAN_LIMIT = 65536
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_HTTP_EQUIV_CT = re.compile(rb"""http-equiv\s*=\s*["']?\s*content-type""", re.I)
_META_CHARSET_ATTR = re.compile(rb"""\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CONTENT_ATTR = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_BODY_START = re.compile(rb"<body[\s>]", re.I)


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str  # the Python codec used
    source: str  # "bom", "http", "meta", "utf-8", "detected" or "default"


def python_codec(label: str | bytes | None) -> str | None:
    """The Python codec for an encoding label as browsers read it, or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in _WHATWG_OVERRIDES:
        return _WHATWG_OVERRIDES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return ""


def _http_charset(headers: Mapping[str, str] | None) -> str | None:
    content_type = _header(headers, "content-type")
    match = _CHARSET_PARAM.search(content_type.encode("latin-1", "ignore"))
    return python_codec(match.group(1)) if match else None


def _meta_charset(data: bytes) -> str | None:
    head = data[:_META_SCAN_LIMIT]
    body = _BODY_START.search(head)
    if body:
        head = head[: body.start()]
    head = _COMMENT.sub(b"", head)
    for tag in _META_TAG.finditer(head):
        tag_bytes = tag.group(0)
        label = None
        if match := _META_CHARSET_ATTR.search(tag_bytes):
            # <meta charset=...> (also catches charset= inside a content attribute, which is
            # only honoured with http-equiv=content-type: check below)
            if _HTTP_EQUIV_CT.search(tag_bytes) or not _CONTENT_ATTR.search(tag_bytes):
                label = match.group(1)
        if label is None and _HTTP_EQUIV_CT.search(tag_bytes):
            content = _CONTENT_ATTR.search(tag_bytes)
            value = content and next(g for g in content.groups() if g is not None)
            param = value and _CHARSET_PARAM.search(value)
            label = param.group(1) if param else None
        if label is None:
            continue
        codec = python_codec(label)
        if codec is None:
            continue
        if codec.startswith(("utf-16", "utf-32")):
            return "utf-8"
        return codec
    return None


def _detect(data: bytes) -> tuple[str, str]:
    try:
        data.decode("utf-8")
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with requests/trafilatura
        return "cp1252", "default"
    best = from_bytes(data[:_META_SCAN_LIMIT * 4]).best()
    if best is not None and (codec := python_codec(best.encoding)):
        return codec, "detected"
    return "cp1252", "default"


def detect_encoding(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str, int]:
    """Return ``(python codec, source, number of BOM bytes to skip)`` for the page bytes."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, "bom", len(bom)
    if codec := _http_charset(headers):
        return codec, "http", 0
    if codec := _meta_charset(data):
        return codec, "meta", 0
    codec, source = _detect(data)
    return codec, source, 0


def decode_html(data: bytes | str, headers: Mapping[str, str] | None = None) -> DecodedPage:
    """Decode page bytes to text as a browser would (see the module docstring)."""
    if isinstance(data, str):
        return DecodedPage(data.removeprefix("\ufeff"), "utf-8", "text")
    codec, source, skip = detect_encoding(data, headers)
    return DecodedPage(data[skip:].decode(codec, errors="replace"), codec, source)
