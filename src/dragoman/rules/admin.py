"""The rules in the admin: each checked when saved (the reason next to the field), and a rewrite rule previewed
before it is saved: the change form's "Preview" button sends the form, unsaved, to :meth:`RewriteRuleAdmin.preview`,
which shows the article before and after the rule.

The article a rule is previewed on (the source's latest, the domain's latest, or the latest of all) is found by
the articles app, above this one: it hands its finder to :func:`preview_articles_from`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from dragoman.extract import ExtractionError
from dragoman.rules.applying import page_selectors
from dragoman.rules.models import FilterRule, Release, RewriteRule, regex_timeout
from dragoman.rules.rewriting import REMOVE, Parts, Rewrite, apply, running_text
from dragoman.sanitize import sanitize_html, sanitize_text
from dragoman.sources.extraction import extract_page

#: ``finder(rule) -> article or None``: the article to preview ``rule`` on (an object with ``title``,
#: ``subtitle``, ``body_html`` and ``url``); given by :mod:`dragoman.articles.admin`.
_finder: Callable[[RewriteRule], object | None] | None = None


def preview_articles_from(finder: Callable[[RewriteRule], object | None]) -> None:
    global _finder
    _finder = finder


@admin.register(FilterRule)
class FilterRuleAdmin(admin.ModelAdmin):
    """Keep and block rules; one that cannot be used (a bad or too slow pattern) is refused when saved."""

    list_display = ["__str__", "scope", "action", "field", "pattern", "regex", "enabled"]
    list_filter = ["action", "field", "enabled", "source"]
    search_fields = ["pattern", "note"]
    fieldsets = [
        ("Where (neither source nor domain: every entry)", {"fields": ["source", "domain"]}),
        (None, {"fields": ["action", "field", "pattern", "regex", "enabled", "note"]}),
    ]


@admin.register(RewriteRule)
class RewriteRuleAdmin(admin.ModelAdmin):
    """Remove and replace rules, previewed on an article before they are saved."""

    change_form_template = "admin/rules/rewriterule/change_form.html"
    list_display = ["__str__", "scope", "kind", "selector", "old", "new", "regex", "enabled"]
    list_filter = ["kind", "enabled", "source"]
    search_fields = ["domain", "selector", "old", "new", "note"]
    fieldsets = [
        ("Where (neither source nor domain: every article)", {"fields": ["source", "domain"]}),
        (None, {"fields": ["kind", "selector", "old", "new", "regex", "enabled", "note"]}),
    ]

    def get_urls(self):
        preview = path("preview/", self.admin_site.admin_view(self.preview), name="rules_rewriterule_preview")
        return [preview, *super().get_urls()]

    def preview(self, request):
        """The rule the form holds, unsaved, on the article of its scope: before and after, and a diff of the
        body; or the form's errors (the same checks as saving)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(reverse("admin:rules_rewriterule_add"))
        form = self.get_form(request, None, change=False)(request.POST)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Preview of a rewrite rule",
                   "form": form, "errors": None, "article": None, "changed": False}  # fmt: skip
        if not form.is_valid():
            context["errors"] = [f"{name}: {message}" if name != "__all__" else message
                                 for name, messages in form.errors.items() for message in messages]  # fmt: skip
            return TemplateResponse(request, "admin/rules/rewriterule/preview.html", context, status=400)
        rule = form.instance
        article = _finder(rule) if _finder else None
        context.update(rule=f"{rule.as_rewrite()} ({rule.scope})", article=article)
        if article is not None:
            before, after = _before_and_after(rule.as_rewrite(), article)
            context.update(before=before, after=after, changed=after != before, after_text=running_text(after.body_html),
                           diff=_diff(before.body_html, after.body_html))  # fmt: skip
        return TemplateResponse(request, "admin/rules/rewriterule/preview.html", context)


def _before_and_after(rule: Rewrite, article) -> tuple[Parts, Parts]:
    """The article without and with ``rule``. A rule that removes acts on the page, where the site's classes and
    ids still are: the stored page is extracted again without and with its selector (the article as stored where
    the page is not, or no longer extracts); a rule that replaces acts on the article as stored."""
    stored = Parts(article.title, article.subtitle, article.body_html)
    page = getattr(article.entry, "page", None) if rule.kind == REMOVE else None
    before, selectors = stored, []
    if page is not None:
        try:
            before = _extracted(page, [])
            selectors = page_selectors([rule])
            after = _extracted(page, selectors)
        except ExtractionError:
            before, selectors = stored, []
    if not selectors:
        after = before
    after = apply([rule], after, timeout=regex_timeout(), what=article.url).parts
    return before, after


def _extracted(page, selectors: list[str]) -> Parts:
    found = extract_page(bytes(page.content), page.final_url, headers=page.headers, remove=selectors)
    return Parts(sanitize_text(found.title), sanitize_text(found.subtitle), sanitize_html(found.body_html))


#: Where a body's HTML is cut into lines for the diff: after each block.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|blockquote|figure|table|tr|pre|div|section)>)", re.IGNORECASE)


def _diff(before: str, after: str) -> list[tuple[str, str, str]]:
    """The body's lines that differ, as (what, before, after) rows: "removed", "added" or "changed"; the
    template escapes every line."""
    if before == after:
        return []
    old, new = (_BLOCK_END.sub("\\1\n", html).splitlines() for html in (before, after))
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        what = {"delete": "removed", "insert": "added", "replace": "changed"}[tag]
        for k in range(max(i2 - i1, j2 - j1)):
            rows.append((what, old[i1 + k] if i1 + k < i2 else "", new[j1 + k] if j1 + k < j2 else ""))
    return rows


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Entries released by an editor (made by the entries' "release" action or `dragoman entries release`)."""

    list_display = ["entry", "from_state", "reason", "released_by", "released_at"]
    list_filter = ["from_state"]
    raw_id_fields = ["entry"]
    readonly_fields = ["entry", "from_state", "reason", "released_by", "released_at"]

    def has_add_permission(self, request):
        return False
