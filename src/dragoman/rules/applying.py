"""The rules that apply to an entry, run for the pipeline's extract step: the rewrite rules on the extracted
article before it is stored, then the filters on what is stored (docs/rules.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from dragoman.extract import Article as Extracted
from dragoman.rules.filtering import Subject, Verdict, verdict
from dragoman.rules.models import FilterRule, Release, RewriteRule, regex_timeout
from dragoman.rules.rewriting import REMOVE, Parts, Rewrite, Rewritten, apply, running_text
from dragoman.sanitize import sanitize_html, sanitize_text


@dataclass
class Edited:
    """An extracted article as it is to be stored, after the rewrite rules, and the filters' verdict."""

    title: str
    subtitle: str
    body_html: str
    text: str
    rewrites: list[dict]  # each rule that changed it: {"id", "description"}, in order (Article.rewrites)
    filtered: Verdict  # true when a filter rule keeps it from translation; its reason names the rule


def rewrite_rules(source_id: int | None, url: str) -> list[Rewrite]:
    """The enabled rewrite rules of the source, of ``url``'s domain and the global ones, in the order they apply.
    The extract step reads them before extracting: the CSS selectors of those that remove are taken out of the
    page itself (``extract_page(remove=...)``), where the site's classes and ids still are."""
    return [rule.as_rewrite() for rule in RewriteRule.for_article(source_id, url)]


def page_selectors(rules: list[Rewrite]) -> list[str]:
    """The selectors to remove from the page before extraction."""
    return [rule.selector.strip() for rule in rules if rule.kind == REMOVE and rule.selector.strip()]


def edit_article(entry, url: str, found: Extracted, language: str, rules: list[Rewrite]) -> Edited:
    """For the extract step: ``found`` (the extraction of ``entry``'s page at ``url``, its ``rules``' selectors
    already removed from the page) sanitized, after the rewrite ``rules`` (:func:`rewrite_rules`; the running text
    read again when the body changed), and the filters' verdict on it."""
    parts = Parts(sanitize_text(found.title) or sanitize_text(entry.title), sanitize_text(found.subtitle),
                  sanitize_html(found.body_html))  # fmt: skip
    rewritten = apply(rules, parts, timeout=regex_timeout(), what=url) if rules else Rewritten(parts)
    edited = Edited(parts.title, parts.subtitle, parts.body_html, found.text, _applied(rules, found, rewritten), Verdict())
    if rewritten.changed:
        after = rewritten.parts
        edited.title, edited.subtitle = sanitize_text(after.title) or parts.title, sanitize_text(after.subtitle)
        edited.body_html = sanitize_html(after.body_html)
        if edited.body_html != parts.body_html:
            edited.text = running_text(edited.body_html)
    edited.filtered = filtered(
        entry.pk, entry.source_id, url, title=edited.title, text=edited.text, authors=found.authors, tags=found.tags,
        address=entry.url, language=language, published=found.published or entry.feed_published_at,
    )  # fmt: skip
    return edited


def _applied(rules: list[Rewrite], found: Extracted, rewritten: Rewritten) -> list[dict]:
    """Each rule that changed the article, once, in the rules' order: a remove rule whose selector matched in the
    page (``found.removed_by``) or in the extracted body, a replace rule that changed a text."""
    changed = {entry["id"] for entry in rewritten.applied}
    in_page = set(found.removed_by)
    return [{"id": rule.id, "description": str(rule)} for rule in rules
            if rule.id in changed or (rule.kind == REMOVE and rule.selector.strip() in in_page)]  # fmt: skip


def filtered(
    entry_id: int | None, source_id: int, url: str, *, title: str, text: str, authors, tags, address: str,
    language: str, published: datetime | None,
) -> Verdict:  # fmt: skip
    """Whether the filters keep an article of the source, from the page at ``url`` (whose host says which domain
    rules apply), from translation (the verdict names the rule); never for an entry an editor released.
    ``address`` is the entry's own (what ``url`` rules look at)."""
    rules = FilterRule.for_entry(source_id, url)
    if not rules:
        return Verdict()
    subject = Subject(title=title, body=text, authors=tuple(a for a in authors if isinstance(a, str)),
                      tags=tuple(t for t in tags if isinstance(t, str)), url=address, language=language,
                      published=published, now=timezone.now())  # fmt: skip
    found = verdict(rules, subject, timeout=regex_timeout())
    if found and entry_id is not None and Release.objects.filter(entry_id=entry_id).exists():
        return Verdict()  # released by hand: not filtered again
    return found
