"""The operators' rules, stored: filters and rewrite rules, each checked when saved; and the record of each
entry an editor released (so a re-extraction does not filter it again)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dragoman.rules import filtering, rewriting
from dragoman.rules.patterns import PatternError
from dragoman.sources.models import Source, covering_domains, normalise_domain


def regex_timeout() -> float:
    """Seconds a rule's pattern may take on one text (``DRAGOMAN_RULES_REGEX_TIMEOUT``)."""
    return settings.RULES_REGEX_TIMEOUT


class ScopedRule(models.Model):
    """What filters and rewrite rules share: each has a scope (a ``source``, a ``domain``, or neither: global,
    declared by each with its own wording), can be turned off, and says why it exists."""

    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why the rule exists.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    @property
    def scope(self) -> str:
        if self.source_id:
            return f"source {self.source_id}"
        return f"domain {self.domain}" if self.domain else "global"


class FilterRule(ScopedRule):
    """Keep or block entries whose article matches: global, for a domain (and its subdomains) or for one source."""

    class Action(models.TextChoices):
        KEEP = filtering.KEEP, "Keep (entries matching none of the keep rules are filtered)"
        BLOCK = filtering.BLOCK, "Block (entries matching are filtered)"

    class Field(models.TextChoices):
        TITLE = "title"
        BODY = "body", "body (the running text)"
        AUTHOR = "author"
        TAGS = "tags"
        URL = "url", "URL"
        LANGUAGE = "language"
        LENGTH = "length", "length (characters of the body)"
        AGE = "age", "age (days since publication)"

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="filter_rules",
        help_text="For this source's entries only.",
    )  # fmt: skip
    domain = models.CharField(
        max_length=253, blank=True,
        help_text="For the entries of this host and its subdomains (example.com covers www.example.com). "
        "Neither source nor domain: a global rule.",
    )  # fmt: skip
    action = models.CharField(max_length=8, choices=Action.choices)
    field = models.CharField(max_length=12, choices=Field.choices)
    pattern = models.CharField(
        max_length=1000,
        help_text="A word or phrase (whole, any case); a regular expression with 'regex' ticked; for length and "
        "age a comparison: <300, >=7.",
    )
    regex = models.BooleanField(
        "regular expression", default=False, help_text="The pattern is a regular expression (as written; (?i) ignores case)."
    )

    class Meta(ScopedRule.Meta):
        verbose_name = "filter rule"

    def __str__(self) -> str:
        return f"{self.as_filter()} ({self.scope})"

    @property
    def condition(self) -> filtering.Condition:
        return filtering.Condition(self.field, self.pattern, self.regex)

    def as_filter(self) -> filtering.Filter:
        scope = filtering.SOURCE if self.source_id else filtering.DOMAIN if self.domain else filtering.GLOBAL
        return filtering.Filter(self.pk or 0, self.action, self.condition, scope)

    def clean(self) -> None:
        """Refuse a rule that cannot be used, with the reason on its field."""
        self.domain = normalise_domain(self.domain)
        if self.source_id and self.domain:
            raise ValidationError({"domain": "a rule is for a source or for a domain, not both"})
        if self.action not in self.Action.values:
            raise ValidationError({"action": f"{self.action!r} is not keep or block"})
        if self.field not in self.Field.values:
            raise ValidationError({"field": f"{self.field!r} is not one of {', '.join(self.Field.values)}"})
        self.pattern = self.pattern.strip() if not self.regex else self.pattern
        try:
            self.condition.check(timeout=regex_timeout())
        except PatternError as exc:
            raise ValidationError({"pattern": str(exc)}) from None

    def save(self, *args, **kwargs):
        self.clean()  # never store a rule the filter would refuse
        super().save(*args, **kwargs)

    @classmethod
    def for_entry(cls, source_id: int, url: str) -> list[filtering.Filter]:
        """The enabled rules for an entry of the source at ``url``: the global ones, those of the domains covering
        its host, the source's own."""
        scope = Q(source__isnull=True, domain__in=["", *covering_domains(url)]) | Q(source_id=source_id)
        return [rule.as_filter() for rule in cls.objects.filter(enabled=True).filter(scope)]


class RewriteRule(ScopedRule):
    """Remove elements or replace text in extracted articles before translation: global, for a domain (and
    its subdomains) or for one source."""

    class Kind(models.TextChoices):
        REMOVE = rewriting.REMOVE, "Remove the elements a CSS selector matches"
        REPLACE = rewriting.REPLACE, "Replace a text"

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="rewrite_rules",
        help_text="For this source's articles only.",
    )  # fmt: skip
    domain = models.CharField(
        max_length=253, blank=True,
        help_text="For the articles of this host and its subdomains (example.com covers www.example.com). "
        "Neither source nor domain: a global rule.",
    )  # fmt: skip
    kind = models.CharField(max_length=8, choices=Kind.choices)
    selector = models.CharField(max_length=1000, blank=True, help_text="What to remove: a CSS selector, e.g. div.advert.")
    old = models.CharField("text to replace", max_length=1000, blank=True)
    new = models.CharField("replacement", max_length=1000, blank=True, help_text="Empty: the text is removed.")
    regex = models.BooleanField(
        "regular expression", default=False,
        help_text="The text to replace is a regular expression; the replacement may use \\1 or \\g<name>.",
    )  # fmt: skip

    class Meta(ScopedRule.Meta):
        verbose_name = "rewrite rule"

    def __str__(self) -> str:
        return f"rewrite #{self.pk}: {self.as_rewrite()} ({self.scope})"

    def as_rewrite(self) -> rewriting.Rewrite:
        return rewriting.Rewrite(self.pk or 0, self.kind, self.selector, self.old, self.new, self.regex)

    def clean(self) -> None:
        """Refuse a rule that cannot be used, with the reason on its field."""
        self.domain = normalise_domain(self.domain)
        if self.source_id and self.domain:
            raise ValidationError({"domain": "a rule is for a source or for a domain, not both"})
        if self.kind not in self.Kind.values:
            raise ValidationError({"kind": f"{self.kind!r} is not remove or replace"})
        field = "selector" if self.kind == self.Kind.REMOVE else "old"
        try:
            self.as_rewrite().check(timeout=regex_timeout())
        except PatternError as exc:
            raise ValidationError({field: str(exc)}) from None

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    @classmethod
    def for_article(cls, source_id: int | None, url: str) -> list[RewriteRule]:
        """The enabled rules for an article of the source at ``url``, in the order they apply: the global ones,
        the domains' (the broadest first), the source's; each scope in the order made."""
        scope = Q(source__isnull=True, domain__in=["", *covering_domains(url)])
        if source_id:
            scope |= Q(source_id=source_id)
        rules = cls.objects.filter(enabled=True).filter(scope)
        return sorted(rules, key=lambda r: (bool(r.source_id), r.domain.count(".") + 1 if r.domain else 0, r.pk))


class Release(models.Model):
    """An entry an editor released: a filtered one sent to translation, an archived one to be fetched. Kept, so a
    re-extraction does not filter it again, and to say who released what."""

    entry = models.OneToOneField("articles.Entry", on_delete=models.CASCADE, related_name="release")
    from_state = models.CharField(max_length=16, help_text="filtered or archived")
    reason = models.TextField(blank=True, help_text="Why it had been held (the rule that matched, the window).")
    released_by = models.CharField(max_length=150, blank=True, help_text="The editor, or 'command line'.")
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-released_at"]

    def __str__(self) -> str:
        return f"entry {self.entry_id} released from {self.from_state} at {self.released_at:%Y-%m-%d %H:%M}"
