"""Filters: whether an extracted article is worth translating, by the operator's keep and block rules.

As in Miniflux: an article that any block rule matches is filtered; and for each scope (global, its
domain's, its source's) that has keep rules, an article that none of them matches is filtered. Block rules
are tried first, the global ones, then the domain's, then the source's, each in the order made; the verdict
names the rule.

A rule looks at one field of the article (:data:`FIELDS`):

* the text fields, ``title``, ``body`` (the running text), ``author`` (each author), ``tags`` (each tag),
  ``url`` and ``language``, with a keyword (a word or phrase, whole, case-insensitive) or a regular
  expression (as written; ``(?i)`` ignores case), run with a timeout (:mod:`dragoman.rules.patterns`);
* ``length``, the characters of the running text, and ``age``, the days since publication, with a
  comparison: ``<300``, ``>=7``... An article with no publication date has no age: no ``age`` rule matches it.

Plain Python: the pipeline gives the rules and the article as the dataclasses below.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import regex

from dragoman.rules.patterns import DEFAULT_TIMEOUT, PatternError, check_regex, compile_regex, keyword_pattern, search

log = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "body", "author", "tags", "url", "language")
NUMBER_FIELDS = ("length", "age")
FIELDS = TEXT_FIELDS + NUMBER_FIELDS

KEEP, BLOCK = "keep", "block"
GLOBAL, DOMAIN, SOURCE = "global", "domain", "source"
_SCOPES = (GLOBAL, DOMAIN, SOURCE)

_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
                "==": operator.eq, "!=": operator.ne}  # fmt: skip
_COMPARISON = regex.compile(r"\s*(<=|>=|==|!=|<|>|=)\s*(\d+(?:\.\d+)?)\s*")


@dataclass(frozen=True)
class Subject:
    """What the filters look at in one article."""

    title: str = ""
    body: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    published: datetime | None = None
    now: datetime | None = None

    def texts(self, name: str) -> tuple[str, ...]:
        if name == "author":
            return self.authors
        if name == "tags":
            return self.tags
        return (getattr(self, name),)

    def number(self, name: str) -> float | None:
        if name == "length":
            return float(len(self.body))
        if self.published is None or self.now is None:
            return None
        return (self.now - self.published).total_seconds() / 86400


def parse_comparison(pattern: str) -> tuple[str, float]:
    """``"<300"`` -> ``("<", 300.0)``; ``PatternError`` when it is not a comparison with a number."""
    found = _COMPARISON.fullmatch(pattern or "")
    if not found:
        raise PatternError(f"{pattern!r} is not a comparison: write <N, <=N, >N, >=N, =N or !=N, e.g. <300")
    return found.group(1), float(found.group(2))


@dataclass(frozen=True)
class Condition:
    """One field, one pattern: a keyword, a regular expression (``regex``) or, for a number, a comparison."""

    field: str
    pattern: str
    regex: bool = False

    def check(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """``PatternError`` with a clear message when the condition cannot be used."""
        if self.field not in FIELDS:
            raise PatternError(f"{self.field!r} is not a field a filter looks at: one of {', '.join(FIELDS)}")
        if self.field in NUMBER_FIELDS:
            if self.regex:
                raise PatternError(f"{self.field} is a number: compare it (e.g. <300), not with a regular expression")
            parse_comparison(self.pattern)
        elif self.regex:
            check_regex(self.pattern, timeout=timeout)
        else:
            keyword_pattern(self.pattern)

    def matches(self, subject: Subject, *, timeout: float = DEFAULT_TIMEOUT) -> bool:
        """Whether the article's field matches; a condition that cannot be used (stored before it was
        checked) matches nothing, with a warning."""
        try:
            if self.field in NUMBER_FIELDS:
                op, limit = parse_comparison(self.pattern)
            else:
                pattern = compile_regex(self.pattern) if self.regex else keyword_pattern(self.pattern)
        except PatternError as exc:
            log.warning("filter condition %s not used: %s", self.field, exc)
            return False
        if self.field in NUMBER_FIELDS:
            value = subject.number(self.field)
            return value is not None and _COMPARISONS[op](value, limit)
        what = f"the {self.field} of {subject.url or 'an article'}"
        return any(search(pattern, text, timeout=timeout, what=what) for text in subject.texts(self.field) if text)

    def __str__(self) -> str:
        if self.field in NUMBER_FIELDS:
            op, _ = parse_comparison(self.pattern)
            return f"{self.field} {op} {self.pattern.strip()[len(op):].strip()}"
        shown = f"/{self.pattern}/" if self.regex else repr(self.pattern.strip())
        return f"{self.field} matches {shown}"


@dataclass(frozen=True)
class Filter:
    """A filter rule as the matching sees it."""

    id: int
    action: str  # KEEP or BLOCK
    condition: Condition
    scope: str = GLOBAL  # GLOBAL, DOMAIN (the article's host, or a domain above it) or SOURCE

    def __str__(self) -> str:
        return f"filter #{self.id}: {self.action} {self.condition}"


@dataclass
class Verdict:
    """Why an article is filtered (``reason``, naming the rule), or ``""`` when it is kept."""

    reason: str = ""
    rules: list[Filter] = field(default_factory=list)  # the block rule that matched, or the keep rules none did

    def __bool__(self) -> bool:
        return bool(self.reason)


def verdict(rules: Iterable[Filter], subject: Subject, *, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Whether ``subject`` is filtered by ``rules`` (see the module's documentation for the semantics)."""
    ordered = sorted(rules, key=lambda rule: (_SCOPES.index(rule.scope), rule.id))
    for rule in ordered:
        if rule.action == BLOCK and rule.condition.matches(subject, timeout=timeout):
            return Verdict(str(rule), [rule])
    for scope in _SCOPES:
        keeps = [rule for rule in ordered if rule.action == KEEP and rule.scope == scope]
        if keeps and not any(rule.condition.matches(subject, timeout=timeout) for rule in keeps):
            if len(keeps) == 1:
                return Verdict(f"{keeps[0]} did not match", keeps)
            named = ", ".join(f"#{rule.id}" for rule in keeps)
            return Verdict(f"filters {named}: no {scope} keep rule matched", keeps)
    return Verdict()
