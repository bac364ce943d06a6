"""The fast paths of the extraction helpers give exactly what their plain forms give."""

from __future__ import annotations

import copy
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.etree import Comment, Element, SubElement

from dragoman.extract.body import _unwrap_noise
from dragoman.extract.boilerplate import _marked_containers
from dragoman.extract.dom import _KEY_DROP, class_tokens, collapse_spaces, norm_key, parse_html
from dragoman.extract.language import _LETTER, letters

# whitespace of every kind, ASCII punctuation, typographic marks, letters and digits of several scripts
_TEXT = st.text(alphabet=" \t\n\r\f\v\u00a0\u2009\u3000.,;-_'\"«»“”…aZé9٣ßİıſKΣ中ｶ\u0301", max_size=40)


@settings(max_examples=500, deadline=None)
@given(text=_TEXT)
def test_collapse_spaces_collapses_every_run_of_ascii_whitespace(text: str) -> None:
    assert collapse_spaces(text) == re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


@settings(max_examples=500, deadline=None)
@given(text=_TEXT)
def test_norm_key_drops_what_its_table_says(text: str) -> None:
    assert norm_key(text) == text.casefold().translate(_KEY_DROP)


@settings(max_examples=500, deadline=None)
@given(text=_TEXT)
def test_letters_counts_what_the_letter_pattern_matches(text: str) -> None:
    assert letters(text) == len(_LETTER.findall(text))


def test_class_tokens() -> None:
    tree = parse_html('<html><body><div class="Story-Card  main_box" id="lead-1">x</div><p>y</p></body></html>')
    assert class_tokens(tree.find(".//div")) == {"story", "card", "main", "box", "lead", "1"}
    assert class_tokens(tree.find(".//p")) == set()


def test_marked_containers_are_those_the_rules_look_at() -> None:
    tree = parse_html(
        "<html><body><div class='a'><span>x</span><span style='color:red'>y</span></div><dialog>z</dialog>"
        "<p hidden>w</p><section role='navigation'><b id='b'>v</b></section><ul id='u'><li>t</li></ul></body></html>"
    )
    found = _marked_containers(tree.find("body"))
    assert [e.tag for e in found] == ["div", "span", "dialog", "p", "section", "ul"]


def _unwrap_one_at_a_time(root: etree._Element) -> None:
    """The plain form: each noise element, in document order, replaced by its text and children."""
    from dragoman.extract.body import _is_noise

    for node in [n for n in root.iter() if n is not root and _is_noise(n)]:
        parent, previous = node.getparent(), node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + (node.text or "")
        else:
            parent.text = (parent.text or "") + (node.text or "")
        children = list(node)
        for child in children:
            node.addprevious(child)
        if children:
            children[-1].tail = (children[-1].tail or "") + (node.tail or "")
        elif previous is not None:
            previous.tail = (previous.tail or "") + (node.tail or "")
        else:
            parent.text = (parent.text or "") + (node.tail or "")
        parent.remove(node)


def _random_body(rng: random.Random) -> etree._Element:
    texts = [None, None, "", " ", "word", "two words ", "\n"]

    def fill(node: etree._Element, depth: int) -> None:
        for _ in range(rng.randint(0, 4 if depth < 4 else 0)):
            if rng.random() < 0.05:
                child = Comment("note")
                node.append(child)
            else:
                child = SubElement(node, rng.choice(["p", "li", "span", "font", "u", "em", "a", "br", "del", "td"]))
                if child.tag == "span" and rng.random() < 0.5:
                    child.set("lang", "fr")
                child.text = rng.choice(texts)
                fill(child, depth + 1)
            child.tail = rng.choice(texts)

    root = Element("div")
    root.text = rng.choice(texts)
    fill(root, 0)
    return root


def test_unwrapping_the_noise_at_once_gives_what_one_at_a_time_gives() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        root = _random_body(rng)
        expected = copy.deepcopy(root)
        _unwrap_one_at_a_time(expected)
        _unwrap_noise(root)
        for method in ("html", "xml"):  # (xml also tells an empty text from none: <li></li> from <li/>)
            assert etree.tostring(root, method=method) == etree.tostring(expected, method=method)


def test_unwrapping_a_thousand_spans_keeps_their_text_in_order() -> None:
    root = etree.fromstring("<div><ul><li>" + "".join(f"<span>{n} </span>" for n in range(1000)) + "</li></ul></div>")
    _unwrap_noise(root)
    item = root.find("ul/li")
    assert len(item) == 0 and item.text == "".join(f"{n} " for n in range(1000))
