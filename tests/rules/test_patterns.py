"""A hostile regular expression cannot hang a worker: matched with a timeout (no match, a warning), and refused
when a rule is saved."""

from __future__ import annotations

import logging
import time

import pytest

from dragoman.rules.filtering import Condition, Subject
from dragoman.rules.patterns import PatternError, check_regex, check_replacement, compile_regex, keyword_pattern, search, substitute

LONG = "a" * 50_000 + "!"
# Without its timeout, a nested repetition on LONG backtracks for longer than the universe has existed; with
# it, the match gives up after 0.2 s. The bound only tells the two apart (it is no speed target), so it is
# wide enough for a machine busy with other work.
RETURNS_WITHIN = 30.0


def test_nested_repetition_on_a_long_text_is_bounded_in_time(caplog):
    for hostile in (r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)+$"):
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="dragoman.rules.patterns"):
            found = search(compile_regex(hostile), LONG, timeout=0.2)
        assert time.monotonic() - started < RETURNS_WITHIN, hostile
        assert found is False
    # (a+)+$ the regex package answers at once; (a|aa)+$ runs out of time, and says so
    assert "ran out of time" in caplog.text and "(a|aa)+$" in caplog.text


def test_a_filter_with_a_hostile_pattern_matches_nothing_in_bounded_time():
    subject = Subject(body=LONG)
    started = time.monotonic()
    assert Condition("body", r"(a|aa)+$", True).matches(subject, timeout=0.2) is False
    assert time.monotonic() - started < RETURNS_WITHIN


def test_a_substitution_that_runs_out_of_time_changes_nothing():
    started = time.monotonic()
    assert substitute(compile_regex(r"(a|aa)+$"), "x", LONG, timeout=0.2) == LONG
    assert time.monotonic() - started < RETURNS_WITHIN


@pytest.mark.parametrize("hostile", [r"(a|aa)+$", r"(\w+\s?)+$", r"(x|xx)+y", r"([a-z]+)*[0-9]$"])
def test_a_catastrophic_pattern_is_refused_when_checked(hostile):
    started = time.monotonic()
    with pytest.raises(PatternError, match="takes too long"):
        check_regex(hostile, timeout=0.1)
    assert time.monotonic() - started < 5.0


def test_a_reasonable_pattern_passes_its_check():
    assert check_regex(r"(?i)\bhoroscopes?\b").search("Your HOROSCOPE")
    with pytest.raises(PatternError, match="is not a regular expression"):
        check_regex("[a-")


def test_a_replacement_must_refer_to_groups_the_pattern_has():
    check_replacement(compile_regex(r"(\d+) (?P<unit>km)"), r"\1 \g<unit>")
    with pytest.raises(PatternError, match="group '2'"):
        check_replacement(compile_regex(r"(\d+)"), r"\2")


def test_keywords_are_whole_words_and_phrases():
    pattern = keyword_pattern("ice cream")
    assert pattern.search("Free ICE\ncream today")
    assert not pattern.search("price creamery")
    assert keyword_pattern("C++").search("Learn C++ now")
