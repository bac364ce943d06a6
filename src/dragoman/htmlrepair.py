"""Malformed markup read the way a browser reads it, so that no later step trips on it.

lxml (libxml2's HTML parser) accepts nearly anything, but gives back trees that its own Python API, and
XML tools such as trafilatura, cannot always handle; and in a few places it reads a page differently from
a browser, losing text. Both parsers of strangers' HTML (``dragoman.extract.dom.parse_html`` for pages,
``dragoman.translate.markup.HtmlDocument`` for fragments) repair the same things:

before parsing (``repair_source``)
    - a surrogate code point standing alone (JSON's ``"\\ud800"`` makes one) becomes U+FFFD, as a decoder
      replaces bytes it can't read: lxml stops reading the text there, or refuses it (``UnicodeEncodeError``);
    - stray ``</body>`` and ``</html>`` end tags are dropped: libxml2 stops reading at ``</html>`` (the rest
      of the article was lost) and puts what follows ``</body>`` outside the body, while a browser ignores
      both and goes on in the element still open (HTML's "after body" insertion mode). At the end of a page
      the parser closes everything anyway.

after parsing (``repair_tree``)
    - characters XML cannot carry (the controls U+0001-U+0008, U+000B, U+000C, U+000E-U+001F, and the
      non-characters U+FFFE and U+FFFF), written out or as character references (``&#1;``, ``&#x1b``), are
      dropped from texts, attribute values and tag names: lxml refuses to set such a text ("All strings
      must be XML compatible"), and trafilatura silently finds no body in a page that holds one. A browser
      shows nothing for them. (They are dropped after parsing, not before: the parser reads ``<p &#1;="=">``
      as a browser does, an attribute with an odd name, where ``<p ="=">`` would swallow what follows.)
    - attributes whose names XML cannot carry are dropped. In HTML an attribute name may hold nearly
      anything but whitespace, ``/``, ``>`` and ``=`` (``<span {Opera}>``, ``<i {a}=1>``, ``<p "q"=1>``,
      ``<a @click=x>``), and libxml2 keeps them as written; but lxml reads ``{a}`` as a namespace
      (``KeyError``, "Empty tag name"), and plain XML elements refuse the others ("Invalid attribute
      name"). Such names mean nothing to a browser either: no attribute with an effect is spelt that way.
      Names that are XML names, with at most one colon (``data-src``, ``xml:lang``, ``xlink:href``,
      ``été``), stay.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["INVALID_XML_CHARS", "has_invalid_xml_chars", "is_attribute_name", "repair_source", "repair_tree", "xml_compatible"]

#: Characters XML 1.0 cannot carry, surrogates aside: controls but tab, line feed and carriage return; U+FFFE, U+FFFF.
#: (libxml2 itself reads U+0000 as U+FFFD.)
_INVALID_XML_CHAR_LIST = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))
INVALID_XML_CHARS = re.compile(f"[{re.escape(''.join(_INVALID_XML_CHAR_LIST))}]")


def has_invalid_xml_chars(text: str) -> bool:
    """Whether ``text`` holds a character of ``INVALID_XML_CHARS``: one substring test per character (a
    memchr each) reads a whole page about three times faster than the pattern's search."""
    return any(char in text for char in _INVALID_XML_CHAR_LIST)

# numeric character references to them, decimal or hexadecimal, with or without the ';' (as HTML reads them)
_INVALID_REFERENCE = re.compile(
    r"&#(?:0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9])|x0*(?:[1-8bcef]|1[0-9a-f]|fff[ef])(?![0-9a-f]))", re.I
)
_STRAY_END_TAG = re.compile(r"</(?:body|html)(?=[\s/>])[^>]*>", re.I)

_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_QNAME = re.compile(f"{_NCNAME}(?::{_NCNAME})?")
_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?")
# Attribute names found to be XML names, kept per process (a page's names are mostly the same few dozen:
# a set look-up then decides an element's names without a pattern); bounded, as pages can invent names.
_KNOWN_ATTRIBUTE_NAMES: set[str] = set()
_KNOWN_NAMES_LIMIT = 20_000


def repair_source(text: str) -> str:
    """The HTML text with what the parser would misread taken out (see the module docstring)."""
    text = _without_surrogates(text)
    if "</" in text:
        text = _STRAY_END_TAG.sub("", text)
    return text


def xml_compatible(text: str) -> str:
    """``text`` as lxml and every encoder accept it: each surrogate code point standing alone replaced by
    U+FFFD (a pair written as two code points becomes the one character it stands for), the characters
    XML can't carry (``INVALID_XML_CHARS``) dropped."""
    text = _without_surrogates(text)
    if has_invalid_xml_chars(text):
        text = INVALID_XML_CHARS.sub("", text)
    return text


def _without_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")  # the fast test (a search for surrogates takes ten times as long)
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def is_attribute_name(name: str) -> bool:
    """Whether an attribute name can be carried by lxml's elements and by XML: an XML name with at most
    one colon (a qualified name)."""
    return bool(_ASCII_NAME.fullmatch(name) or (not name.isascii() and _QNAME.fullmatch(name)))


def repair_tree(root: etree._Element, source: str) -> None:
    """Repair, in place, the tree parsed from ``source`` (see the module docstring): attributes whose names
    are no XML names go, the others keep their order; when ``source`` holds characters XML can't carry,
    written or as references, they go from every text, attribute value and tag name."""
    chars = has_invalid_xml_chars(source) or bool("&#" in source and _INVALID_REFERENCE.search(source))
    known = _KNOWN_ATTRIBUTE_NAMES
    for element in root.iter():
        if chars:
            _drop_invalid_chars(element)
        names = element.keys()
        if not names or known.issuperset(names):
            continue  # the usual case: names seen before (class, href, data-src...), checked in C
        if all(is_attribute_name(name) for name in names):
            if len(known) < _KNOWN_NAMES_LIMIT:
                known.update(names)
            continue
        kept = [(name, value) for name, value in element.items() if is_attribute_name(name)]
        element.attrib.clear()
        for name, value in kept:
            element.set(name, value)


def _drop_invalid_chars(element: etree._Element) -> None:
    if isinstance(element.tag, str) and INVALID_XML_CHARS.search(element.tag):
        try:
            element.tag = INVALID_XML_CHARS.sub("", element.tag)
        except ValueError:  # nothing left, or a name lxml can't make ("a{b")
            element.tag = "span"
    if element.text and INVALID_XML_CHARS.search(element.text):
        element.text = INVALID_XML_CHARS.sub("", element.text)
    if element.tail and INVALID_XML_CHARS.search(element.tail):
        element.tail = INVALID_XML_CHARS.sub("", element.tail)
    for name, value in element.items():
        if INVALID_XML_CHARS.search(value) and is_attribute_name(name):
            element.set(name, INVALID_XML_CHARS.sub("", value))
