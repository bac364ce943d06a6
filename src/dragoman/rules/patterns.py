"""Patterns of the operators' rules, matched without letting a hostile one hang a worker.

Regular expressions run on the ``regex`` package with a timeout: a search that takes longer than ``timeout``
seconds stops, counts as no match, and is logged (:func:`search`, :func:`substitute`). A rule is checked when
it is saved (:func:`check_regex`): a pattern that does not compile is refused with the compiler's message, and
one that runs out of time on a probe text (catastrophic backtracking, such as ``(a|aa)+$``) is refused too.

A keyword is a word or a phrase matched whole and case-insensitively (:func:`keyword_pattern`): ``ice`` matches
"Ice" and "ice." but not "price"; the words of a phrase may be separated by any white space.
"""

from __future__ import annotations

import logging

import regex

log = logging.getLogger(__name__)

#: Seconds a pattern may take on one text when no other limit is given (the settings' is
#: ``DRAGOMAN_RULES_REGEX_TIMEOUT``).
DEFAULT_TIMEOUT = 0.25

#: Length of each probe text a new pattern must get through in time.
PROBE_LENGTH = 5000


class PatternError(ValueError):
    """A pattern that cannot be used: it does not compile, or it is too slow; the message says which."""


def compile_regex(pattern: str) -> regex.Pattern:
    """The compiled pattern (the package caches compilations); ``PatternError`` when it is not one."""
    try:
        return regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError) as exc:
        raise PatternError(f"{pattern!r} is not a regular expression ({exc})") from None


def keyword_pattern(keyword: str) -> regex.Pattern:
    """A word or phrase, whole and case-insensitive; ``PatternError`` when it is empty."""
    words = keyword.split()
    if not words:
        raise PatternError("a keyword rule needs a word or a phrase")
    phrase = r"\s+".join(regex.escape(word) for word in words)
    return regex.compile(rf"(?<!\w){phrase}(?!\w)", regex.IGNORECASE)


def search(pattern: regex.Pattern, text: str, *, timeout: float = DEFAULT_TIMEOUT, what: str = "") -> bool:
    """Whether ``pattern`` is found in ``text``; a search that runs out of time is no match, and a warning."""
    try:
        return pattern.search(text, timeout=timeout) is not None
    except TimeoutError:
        log.warning("rule pattern %r ran out of time (%ss) on %s; counted as no match", pattern.pattern, timeout,
                    what or f"a text of {len(text)} characters")  # fmt: skip
        return False


def substitute(pattern: regex.Pattern, replacement: str, text: str, *, timeout: float = DEFAULT_TIMEOUT,
               what: str = "") -> str:  # fmt: skip
    """``text`` with every match of ``pattern`` replaced by ``replacement`` (``\\1``, ``\\g<name>``); unchanged
    when the substitution runs out of time or the replacement names no group of the pattern (a warning)."""
    try:
        return pattern.sub(replacement, text, timeout=timeout)
    except TimeoutError:
        log.warning("rule pattern %r ran out of time (%ss) on %s; nothing replaced", pattern.pattern, timeout,
                    what or f"a text of {len(text)} characters")  # fmt: skip
    except (regex.error, IndexError) as exc:
        log.warning("rule replacement %r does not fit %r (%s); nothing replaced", replacement, pattern.pattern, exc)
    return text


def probes(pattern: str) -> list[str]:
    """Texts a pattern must get through in time: prose, and long runs of the characters that make a
    backtracking pattern blow up (each literal letter of the pattern, spaces, digits) ending in a mismatch."""
    prose = ("The minister told parliament on Tuesday that the 2,000 new homes would be built by 2027. " * 60)
    runs = ["a", " ", "1", "x", "-", ".", "\n", *dict.fromkeys(c for c in pattern if c.isalnum())][:24]
    texts = [prose[:PROBE_LENGTH]]
    for run in runs:
        texts.append(run * PROBE_LENGTH + "!")
        texts.append((run + " ") * (PROBE_LENGTH // 2) + "!")
    return texts


def check_regex(pattern: str, *, timeout: float = DEFAULT_TIMEOUT) -> regex.Pattern:
    """The compiled pattern, if it compiles and gets through every probe text within ``timeout``; else
    ``PatternError`` saying why."""
    if not pattern.strip():
        raise PatternError("a regular expression rule needs a pattern")
    compiled = compile_regex(pattern)
    for text in probes(pattern):
        try:
            compiled.search(text, timeout=timeout)
        except TimeoutError:
            raise PatternError(
                f"{pattern!r} takes too long (over {timeout}s on a probe text of {len(text)} characters): it "
                "backtracks catastrophically; rewrite it without nested repetition such as (a+)+ or (a|aa)+"
            ) from None
    return compiled


def check_replacement(compiled: regex.Pattern, replacement: str) -> None:
    """``PatternError`` when ``replacement`` refers to a group the pattern lacks (``\\2`` of a one-group pattern)."""
    for number, name in regex.findall(r"\\(\d+)|\\g<([^>]*)>", replacement):
        ref = number or name
        known = ref.isdigit() and int(ref) <= compiled.groups or ref in compiled.groupindex
        if not known:
            raise PatternError(f"the replacement refers to group {ref!r}, which {compiled.pattern!r} does not have")
