"""Rewrite rules, plain Python: remove elements, replace text (literal or regular expression) in text only."""

from __future__ import annotations

import pytest

from dragoman.rules.patterns import PatternError
from dragoman.rules.rewriting import REMOVE, REPLACE, Parts, Rewrite, apply, running_text

BODY = (
    '<p>The council met on Monday.</p><div class="advert"><p>Buy a car today!</p></div>'
    '<p>It voted <em>for</em> the bridge, the <a href="https://x.example/b">report</a> says.</p>'
    "<figure><img src=\"https://x.example/i.jpg\"><figcaption>The bridge</figcaption></figure>"
)
PARTS = Parts(title="Council backs bridge (sponsored)", subtitle="A vote on Monday", body_html=BODY)


def test_remove_drops_the_matched_elements_and_is_recorded():
    result = apply([Rewrite(1, REMOVE, selector="div.advert")], PARTS)
    assert "Buy a car" not in result.parts.body_html
    assert "The council met" in result.parts.body_html and 'href="https://x.example/b"' in result.parts.body_html
    assert result.applied == [{"id": 1, "description": "remove div.advert"}]


def test_a_rule_that_changes_nothing_is_not_recorded_and_the_body_is_the_same_string():
    result = apply([Rewrite(2, REMOVE, selector="aside.none"), Rewrite(3, REPLACE, old="absent", new="x")], PARTS)
    assert result.applied == [] and result.parts is PARTS


def test_literal_replacement_in_title_subtitle_and_the_bodys_text_only():
    result = apply([Rewrite(4, REPLACE, old="Monday", new="Tuesday <b>")], PARTS)
    assert result.parts.subtitle == "A vote on Tuesday <b>"
    assert "The council met on Tuesday &lt;b&gt;." in result.parts.body_html  # text, never markup
    assert result.applied == [{"id": 4, "description": "replace 'Monday' with 'Tuesday <b>'"}]
    # markup is never matched: attribute values and tag names stay
    kept = apply([Rewrite(5, REPLACE, old="href", new="x"), Rewrite(6, REPLACE, old="x.example", new="y")], PARTS)
    assert kept.applied == []


def test_regex_replacement_with_groups():
    result = apply([Rewrite(7, REPLACE, old=r"\s*\((?:sponsored|advert)\)", new="", regex=True)], PARTS)
    assert result.parts.title == "Council backs bridge"
    swapped = apply([Rewrite(8, REPLACE, old=r"(\w+) the bridge", new=r"\1 THE BRIDGE", regex=True)], PARTS)
    assert "for</em> THE BRIDGE" not in swapped.parts.body_html  # a phrase split by an element is two texts
    assert "The council met" in swapped.parts.body_html


def test_rules_apply_in_order():
    rules = [Rewrite(1, REPLACE, old="bridge", new="tunnel"), Rewrite(2, REPLACE, old="tunnel", new="ferry")]
    result = apply(rules, PARTS)
    assert result.parts.title.startswith("Council backs ferry")
    assert [r["id"] for r in result.applied] == [1, 2]


def test_running_text_leaves_figures_out():
    text = running_text(BODY)
    assert text.startswith("The council met on Monday.") and "The bridge" not in text.split("says.")[-1]
    assert "Buy a car today!" in text


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Rewrite(1, REMOVE, selector=""), "needs a CSS selector"),
        (Rewrite(1, REMOVE, selector="div[["), "is not a valid CSS selector"),
        (Rewrite(1, REPLACE, old=""), "needs the text to replace"),
        (Rewrite(1, REPLACE, old="(a|aa)+$", new="", regex=True), "takes too long"),
        (Rewrite(1, REPLACE, old="(a)", new=r"\3", regex=True), "refers to group"),
    ],
)
def test_rules_that_cannot_be_used_are_refused(rule, message):
    with pytest.raises(PatternError, match=message):
        rule.check(timeout=0.1)
