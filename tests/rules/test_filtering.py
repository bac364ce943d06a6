"""Filters, plain Python: each field and operator, keep and block, global and per-source scopes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dragoman.rules.filtering import BLOCK, GLOBAL, KEEP, SOURCE, Condition, Filter, Subject, parse_comparison, verdict
from dragoman.rules.patterns import PatternError

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
STORY = Subject(
    title="Your weekly horoscope: Mars enters Capricorn",
    body="The stars say a great deal this week. " * 5,
    authors=("Madame Zora", "Ann Lee"),
    tags=("Lifestyle", "Astrology"),
    url="https://news.example/lifestyle/horoscope-week-49.html",
    language="en",
    published=NOW - timedelta(days=10),
    now=NOW,
)


@pytest.mark.parametrize(
    ("field", "pattern", "regex", "matches"),
    [
        ("title", "horoscope", False, True),
        ("title", "HOROSCOPE", False, True),  # keywords ignore case
        ("title", "scope", False, False),  # ... and match whole words only
        ("title", "weekly   horoscope", False, True),  # a phrase, any white space between its words
        ("title", r"Mars enters \w+$", True, True),
        ("title", r"mars", True, False),  # a regular expression is as written
        ("title", r"(?i)mars", True, True),
        ("body", "great deal", False, True),
        ("body", "election", False, False),
        ("author", "zora", False, True),
        ("author", r"^Ann\b", True, True),  # each author on its own
        ("tags", "astrology", False, True),
        ("tags", r"^Life", True, True),
        ("tags", "politics", False, False),
        ("url", "lifestyle", False, True),
        ("url", r"/horoscope-week-\d+\.html$", True, True),
        ("language", "en", False, True),
        ("language", "de", False, False),
        ("length", "<300", False, True),  # 190 characters
        ("length", ">=190", False, True),
        ("length", ">300", False, False),
        ("age", ">7", False, True),  # ten days old
        ("age", "<=7", False, False),
        ("age", "=10", False, True),
    ],
)
def test_each_field_and_operator(field, pattern, regex, matches):
    condition = Condition(field, pattern, regex)
    condition.check()
    assert condition.matches(STORY) is matches


def test_an_article_without_a_date_has_no_age():
    undated = Subject(title="x", published=None, now=NOW)
    assert not Condition("age", ">0").matches(undated)
    assert not Condition("age", "<100000").matches(undated)


def test_block_rules_filter_and_name_the_rule():
    rules = [Filter(1, BLOCK, Condition("title", "election")), Filter(3, BLOCK, Condition("title", "horoscope"))]
    found = verdict(rules, STORY)
    assert found and found.reason == "filter #3: block title matches 'horoscope'"
    assert not verdict(rules[:1], STORY)


def test_numeric_rules_are_named_with_their_comparison():
    found = verdict([Filter(4, BLOCK, Condition("length", "< 300"))], STORY)
    assert found.reason == "filter #4: block length < 300"


def test_keep_rules_filter_what_matches_none_of_them():
    keep = [Filter(5, KEEP, Condition("title", "election")), Filter(6, KEEP, Condition("tags", "politics"))]
    assert verdict(keep, STORY).reason == "filters #5, #6: no global keep rule matched"
    assert not verdict([*keep, Filter(7, KEEP, Condition("title", "horoscope"))], STORY)
    one = verdict(keep[:1], STORY)
    assert one.reason == "filter #5: keep title matches 'election' did not match"


def test_a_block_rule_wins_over_a_keep_rule():
    rules = [Filter(1, KEEP, Condition("title", "horoscope")), Filter(2, BLOCK, Condition("age", ">7"))]
    assert verdict(rules, STORY).reason == "filter #2: block age > 7"


def test_global_rules_come_before_the_sources_and_each_scope_keeps_on_its_own():
    rules = [Filter(9, BLOCK, Condition("title", "horoscope"), GLOBAL), Filter(2, BLOCK, Condition("url", "lifestyle"), SOURCE)]
    assert verdict(rules, STORY).rules[0].id == 9
    # the global keep rule is satisfied, the source's is not: filtered by the source's
    scoped = [Filter(1, KEEP, Condition("title", "horoscope"), GLOBAL), Filter(2, KEEP, Condition("tags", "politics"), SOURCE)]
    assert verdict(scoped, STORY).reason == "filter #2: keep tags matches 'politics' did not match"


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (Condition("colour", "red"), "'colour' is not a field a filter looks at"),
        (Condition("title", "   "), "a keyword rule needs a word or a phrase"),
        (Condition("title", "(unclosed", True), "is not a regular expression"),
        (Condition("length", "300"), "'300' is not a comparison: write <N"),
        (Condition("age", "about a week"), "is not a comparison"),
        (Condition("length", "<300", True), "length is a number: compare it"),
    ],
)
def test_conditions_that_cannot_be_used_are_refused_with_the_reason(condition, message):
    with pytest.raises(PatternError, match=message):
        condition.check()


def test_parse_comparison():
    assert parse_comparison(" >= 7 ") == (">=", 7.0)
    assert parse_comparison("<0.5") == ("<", 0.5)
