"""Rewrite rules: what of an extracted article reaches the engine, changed before it is stored.

Two kinds (:class:`Rewrite`):

* ``remove``: every element of the body that a CSS selector matches is removed (its text after it, the
  tail, is kept); the extract step first removes what it matches from the page itself, where the site's
  classes still are (``dragoman.rules.applying.page_selectors``);
* ``replace``: a text, literal (exact, case-sensitive) or a regular expression (``\\1`` and ``\\g<name>`` in
  the replacement; run with a timeout), replaced in the title, the standfirst and each text of the body.
  In the body only text is touched, never markup: a replacement is text (``<`` stays a character), and a
  phrase split by an element (``<em>``) is two texts.

:func:`apply` runs the rules in the order given and reports each that changed something. Plain Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from lxml import html as lxml_html
from lxml.html import HtmlElement

from dragoman.extract.dom import text_of
from dragoman.extract.rules import compile_selector, validate_selector
from dragoman.rules.patterns import (
    DEFAULT_TIMEOUT,
    PatternError,
    check_regex,
    check_replacement,
    compile_regex,
    substitute,
)

REMOVE, REPLACE = "remove", "replace"

#: Blocks left out of the running text (as the extraction leaves captions out of ``Article.text``).
_NOT_RUNNING = frozenset({"figure", "figcaption"})


@dataclass(frozen=True)
class Parts:
    """The parts of an article a rewrite rule may change."""

    title: str = ""
    subtitle: str = ""
    body_html: str = ""


@dataclass(frozen=True)
class Rewrite:
    """A rewrite rule as the rewriting sees it."""

    id: int
    kind: str  # REMOVE or REPLACE
    selector: str = ""
    old: str = ""
    new: str = ""
    regex: bool = False

    def check(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """``PatternError`` with a clear message when the rule cannot be used."""
        if self.kind == REMOVE:
            if not self.selector.strip():
                raise PatternError("a remove rule needs a CSS selector, e.g. div.advert")
            try:
                validate_selector(self.selector.strip(), "selector")
            except ValueError as exc:
                raise PatternError(str(exc)) from None
        elif self.kind == REPLACE:
            if not self.old:
                raise PatternError("a replace rule needs the text to replace")
            if self.regex:
                check_replacement(check_regex(self.old, timeout=timeout), self.new)
        else:
            raise PatternError(f"{self.kind!r} is not a rewrite: remove or replace")

    def __str__(self) -> str:
        if self.kind == REMOVE:
            return f"remove {self.selector.strip()}"
        old = f"/{self.old}/" if self.regex else repr(self.old)
        return f"replace {old} with {self.new!r}"


@dataclass
class Rewritten:
    """The parts after the rules, and each rule that changed them: ``{"id", "description"}``, in order."""

    parts: Parts
    applied: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def apply(rules: Iterable[Rewrite], parts: Parts, *, timeout: float = DEFAULT_TIMEOUT, what: str = "") -> Rewritten:
    """``parts`` rewritten by ``rules`` in order; a rule that cannot be used changes nothing."""
    result = Rewritten(parts)
    for rule in rules:
        try:
            changed = _apply_one(rule, result.parts, timeout=timeout, what=what)
        except PatternError:
            changed = None  # stored before it was checked: it changes nothing
        if changed is not None and changed != result.parts:
            result.parts = changed
            result.applied.append({"id": rule.id, "description": str(rule)})
    return result


def _apply_one(rule: Rewrite, parts: Parts, *, timeout: float, what: str) -> Parts | None:
    if rule.kind == REMOVE:
        try:
            selector = compile_selector(rule.selector.strip())
        except Exception as exc:  # cssselect's errors derive from SyntaxError or RuntimeError
            raise PatternError(str(exc)) from None
        body = _edit_body(parts.body_html, lambda root: _remove(root, selector))
        return replace(parts, body_html=body)
    if rule.regex:
        pattern = compile_regex(rule.old)

        def change(text: str) -> str:
            return substitute(pattern, rule.new, text, timeout=timeout, what=what or "an article")
    else:

        def change(text: str) -> str:
            return text.replace(rule.old, rule.new)

    body = _edit_body(parts.body_html, lambda root: _replace_texts(root, change))
    return Parts(title=change(parts.title), subtitle=change(parts.subtitle), body_html=body)


def _edit_body(body_html: str, edit: Callable[[HtmlElement], bool]) -> str:
    """``body_html`` after ``edit`` changed its tree; the very same string when ``edit`` says it did not."""
    if not body_html.strip():
        return body_html
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    if not edit(root):
        return body_html
    return (root.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def _remove(root: HtmlElement, selector) -> bool:
    found = [element for element in selector(root) if element is not root]
    for element in found:
        if element.getparent() is not None:  # not inside one removed already
            element.drop_tree()
    return bool(found)


def _replace_texts(root: HtmlElement, change: Callable[[str], str]) -> bool:
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("text", "tail") if element is not root else ("text",):
            value = getattr(element, attribute)
            if value:
                new = change(value)
                if new != value:
                    setattr(element, attribute, new)
                    changed = True
    return changed


def running_text(body_html: str) -> str:
    """The body's running text, its blocks separated by blank lines and figures left out (the extraction's
    ``Article.text``, read again after a rewrite)."""
    if not body_html.strip():
        return ""
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    for figure in [element for element in root.iter(*_NOT_RUNNING)]:
        if figure.getparent() is not None:
            figure.drop_tree()
    blocks = [text_of(child) for child in root]
    loose = (root.text or "").strip()
    return "\n\n".join(text for text in [loose, *blocks] if text)
