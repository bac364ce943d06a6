"""Malformed markup in a document to translate is read as a browser reads it: every word is translated (the
words after a stray ``</html>`` too), every link comes back once, and nothing is raised but the documented
errors. The paragraphs are written for these tests (``tests/support/malformed.py``); names are not protected
here (``names=False``): the upper-casing engine shows every word it was given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from dragoman.htmlrepair import INVALID_XML_CHARS, has_invalid_xml_chars, is_attribute_name
from dragoman.translate.document import translate_html, translate_text
from dragoman.translate.markup import HtmlDocument, serialize
from tests.support.engines import UpperCaseEngine
from tests.support.malformed import FRAGMENTS


def words(html: str) -> list[str]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    texts = [root.text_content()] + [v for e in root.iter() for k, v in e.items() if k in ("alt", "title")]
    return " ".join(texts).split()


def hrefs(html: str) -> list[str]:
    return lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")


@pytest.mark.parametrize("name", list(FRAGMENTS))
def test_each_shape_is_translated_whole(name: str) -> None:
    html = FRAGMENTS[name]
    result = translate_html(html, "en", "es", UpperCaseEngine(), names=False)
    read = serialize(HtmlDocument(html, source="en").root)  # the fragment as read, repaired
    assert words(result.html) == [word.upper() for word in words(read)]
    assert hrefs(result.html) == hrefs(read)  # every link, once, in order
    assert not any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in result.html)
    root = lxml_html.fragment_fromstring(result.html, create_parent="div")
    assert all(is_attribute_name(name) for element in root.iter() for name in element.keys())


def test_the_words_after_a_stray_end_tag_are_translated() -> None:
    result = translate_html(FRAGMENTS["a stray </html>"], "en", "es", UpperCaseEngine(), names=False)
    assert result.html == "<p>THE QUAY CLOSES.</p><p>THE FERRIES WAIT.</p>"
    result = translate_html(FRAGMENTS["a stray </body>"], "en", "es", UpperCaseEngine(), names=False)
    assert result.html == "<p>THE QUAY <b>CLOSES</b> TONIGHT.</p><p>THE FERRIES WAIT.</p>"


def test_attributes_xml_cannot_carry_are_dropped_and_the_others_kept() -> None:
    result = translate_html(FRAGMENTS["braces in an attribute name"], "en", "es", UpperCaseEngine(), names=False)
    assert result.html == "<p>THE <i>NORTHERN</i> QUAY <span>CLOSES</span> TODAY.</p>"
    result = translate_html(FRAGMENTS["control characters inside a tag"], "en", "es", UpperCaseEngine(), names=False)
    assert result.html == '<p class="ab" title="QUAY WORKS">THE <b data-x="">CRANE</b> LIFTS TIMBERS.</p>'
    result = translate_html(FRAGMENTS["attribute names and values of every shape"], "en", "es", UpperCaseEngine(), names=False)
    link = lxml_html.fragment_fromstring(result.html, create_parent="div").find(".//a")
    assert link.get("href") == "https://harbour.example/n/7" and link.get("xlink:href") == "https://harbour.example/xlink"
    assert link.get("été") == "oui" and link.get("data-y") == "abc" and link.get("title") == "NOTICE OF CLOSURE"
    assert link.get("onclick") == "alert(1)"  # translation keeps attributes; the sanitizer removes handlers


def test_a_lone_surrogate_is_a_replacement_character() -> None:
    assert translate_html(FRAGMENTS["a lone surrogate"], "en", "es", UpperCaseEngine(), names=False).html == "<p>THE QUAY \ufffdCLOSES TODAY.</p>"
    assert translate_text("The quay \ud800closes.\n\nThe ferries \udfffwait.", "en", "es", UpperCaseEngine(), names=False).text == (
        "THE QUAY \ufffdCLOSES.\n\nTHE FERRIES \ufffdWAIT."
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "é", "ж", "\u0601", "\x01", "\x0b", "\x1f", "\t", "\n", "\ufffe", "\uffff", "\ufffd"])))
def test_has_invalid_xml_chars_finds_what_the_pattern_finds(text):
    assert has_invalid_xml_chars(text) == bool(INVALID_XML_CHARS.search(text))
