from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from dragoman.leases import Leased


def default_poll_interval() -> int:
    return settings.POLL_INTERVAL_MINUTES


#: The longest wait a server or a feed may ask for between two polls (a Retry-After of ten years is a bug).
MAX_SERVER_DELAY = timedelta(days=7)


class Source(Leased):
    """A news source, polled on its own schedule (``next_check_at``): a feed, a sitemap or a single page.
    Each item it lists becomes one Entry, once."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed (RSS, Atom, RDF, JSON Feed)"
        SITEMAP = "sitemap", "Sitemap or news sitemap (sitemap indexes followed)"
        PAGE = "page", "A single page"

    url = models.URLField("URL", max_length=2000, unique=True, help_text="The feed's, the sitemap's or the page's address.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FEED)
    name = models.CharField(max_length=300, blank=True, help_text="The source site's name, shown in attributions.")
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    site_url = models.URLField(max_length=2000, blank=True)
    source_language = models.CharField(max_length=12, default="en")
    target_languages = models.JSONField(default=list, help_text='Languages to translate into, e.g. ["es"].')
    engine = models.CharField(
        max_length=200,
        default="apertium",
        help_text="An engine, or a fallback chain tried in order, comma-separated: e.g. deepl,apertium.",
    )
    enabled = models.BooleanField(default=True)

    # --- editorial control ---
    class Mode(models.TextChoices):
        FULL = "full", "Full article"
        LEAD = "lead", "Title and standfirst only"
        TITLE = "title", "Title only"

    mode = models.CharField(
        max_length=8,
        choices=Mode.choices,
        default=Mode.FULL,
        help_text="What is translated of each article: all of it, its title and standfirst (triage), or its title.",
    )
    priority = models.IntegerField(
        default=0, help_text="Higher first: when a budget frees up, waiting work of this source goes before lower ones."
    )
    since_days = models.PositiveIntegerField(
        "import window (days)",
        null=True,
        blank=True,
        help_text="On the source's first import, items older than this many days are archived, not translated "
        "(empty: every item is translated). `sources add` and the admin offer DRAGOMAN_IMPORT_WINDOW_DAYS.",
    )

    # --- publishing (dragoman.publish) ---
    auto_publish = models.BooleanField(
        default=True,
        help_text="Publish translations as soon as they pass their checks; unticked, they wait in the review "
        "queue for an editor.",
    )

    class Canonical(models.TextChoices):
        ORIGINAL = "original", "The original article (rel=canonical points to the source)"
        SELF = "self", "This site's own page"

    canonical = models.CharField(
        "rel=canonical",
        max_length=16,
        choices=Canonical.choices,
        default=Canonical.ORIGINAL,
        help_text="Where the translated page's rel=canonical points: search engines credit that address.",
    )
    noindex = models.BooleanField(
        default=False, help_text="Ask search engines not to index this source's translations (robots noindex)."
    )

    poll_interval_minutes = models.PositiveIntegerField(default=default_poll_interval)
    next_check_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "url"]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def engine_chain(self) -> list[str]:
        return [name.strip() for name in self.engine.split(",") if name.strip()]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name or self.url.split("//", 1)[-1], allow_unicode=True)[:100] or "source"
        slug, n = base, 2
        while Source.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def schedule_next_check(self, *, failed: bool, not_before: datetime | None = None, now: datetime | None = None) -> None:
        """Next poll after the interval, backing off exponentially (capped at a day) while polls fail, and
        never before ``not_before``: what the server asked for (Retry-After, Cache-Control max-age, Expires)
        or the feed itself (its TTL), believed up to :data:`MAX_SERVER_DELAY`. ``now``: when the poll was made."""
        now = now or timezone.now()
        self.last_checked_at = now
        if failed:
            self.error_count += 1
            delay = min(self.poll_interval_minutes * 2 ** min(self.error_count, 10), 24 * 60)
        else:
            self.error_count = 0
            self.last_error = ""
            delay = self.poll_interval_minutes
        self.next_check_at = now + timedelta(minutes=delay)
        if not_before is not None:
            self.next_check_at = max(self.next_check_at, min(not_before, now + MAX_SERVER_DELAY))


class SiteRule(models.Model):
    """An operator's extraction rules for one site: CSS selectors that override the automatic
    choice of body, title, author and date (see ``dragoman.extract.rules``).

    A rule for ``example.com`` applies to ``example.com`` and every subdomain of it
    (``www.example.com``, ``news.example.com``); the most specific enabled rule wins.
    """

    domain = models.CharField(
        max_length=253,
        unique=True,
        help_text="Host name the rule applies to, with its subdomains: example.com covers www.example.com.",
    )
    body_selector = models.TextField(
        blank=True, help_text="CSS selector of the article body, e.g. div.article-text. Empty: automatic."
    )
    remove_selectors = models.TextField(
        blank=True, help_text="CSS selectors of elements to remove before extraction, one per line."
    )
    author_selector = models.TextField(blank=True, help_text="CSS selector of the author name(s).")
    date_selector = models.TextField(
        blank=True, help_text="CSS selector of the publication date (its datetime/content attribute, or its text)."
    )
    title_selector = models.TextField(blank=True, help_text="CSS selector of the headline.")
    notes = models.TextField(blank=True, help_text="Why the rule exists, what it fixes (for the next operator).")
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = "site rule"

    def __str__(self) -> str:
        return self.domain

    _SELECTOR_FIELDS = ("body_selector", "remove_selectors", "author_selector", "date_selector", "title_selector")

    def clean(self) -> None:
        """Normalise the domain and refuse selectors that are not valid CSS, naming the field."""
        from django.core.exceptions import ValidationError

        from dragoman.extract.rules import SelectorError, SiteRules

        self.domain = normalise_domain(self.domain)
        if not self.domain:
            raise ValidationError({"domain": "Give a host name, such as example.com."})
        errors: dict[str, list[str]] = {}
        for name in self._SELECTOR_FIELDS:
            try:
                SiteRules(**{name: getattr(self, name)})
            except SelectorError as err:
                errors.setdefault(name, []).append(str(err))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.clean()  # never store a selector the extractor would refuse
        super().save(*args, **kwargs)

    def as_rules(self):
        """These rules as ``dragoman.extract.rules.SiteRules``."""
        from dragoman.extract.rules import SiteRules

        return SiteRules(
            body_selector=self.body_selector,
            remove_selectors=self.remove_selectors,
            author_selector=self.author_selector,
            date_selector=self.date_selector,
            title_selector=self.title_selector,
        )

    @classmethod
    def for_url(cls, url: str):
        """The ``SiteRules`` of the most specific enabled rule for the URL's host, or None."""
        candidates = covering_domains(url)
        if not candidates:
            return None
        rules = {rule.domain: rule for rule in cls.objects.filter(domain__in=candidates, enabled=True)}
        for candidate in candidates:
            if candidate in rules:
                return rules[candidate].as_rules()
        return None


def covering_domains(url: str) -> list[str]:
    """The domains covering ``url``'s host, the most specific first: news.example.com, example.com, com; none for
    a URL without a host or that can't be read. A rule for a domain applies to its host and every subdomain."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return []
    labels = host.split(".") if host else []
    return [".".join(labels[i:]) for i in range(len(labels))]


def normalise_domain(value: str) -> str:
    """'https://WWW.Example.com/path' -> 'www.example.com'; 'Example.COM.' -> 'example.com'."""
    from urllib.parse import urlsplit

    value = (value or "").strip().lower()
    if "//" in value:
        value = urlsplit(value).hostname or ""
    return value.split("/", 1)[0].split(":", 1)[0].strip(".")
