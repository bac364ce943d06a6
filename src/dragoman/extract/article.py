"""The extracted article: what every later stage reads."""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass, field
from datetime import datetime

from dragoman.languages import direction


class ExtractionError(Exception):
    """The page could not be turned into an article; the message says why, in one line.

    ``reason`` is a short code for programs: ``empty``, ``not_html``, ``bad_url`` (the page's own
    address can't be read as a URL), ``no_body``, ``index``, ``consent_wall``, ``paywall`` or
    ``error_page`` (see ``dragoman.extract.refusal``).

    A page refused once its metadata was read still says what it was: ``title`` and ``published``
    (the publication date the page gives, timezone-aware when it says the zone) are set then, so a
    refused entry can be listed with its headline and day; both are empty for a page that could not be
    read at all.
    """

    def __init__(self, message: str, *, reason: str = "no_body"):
        super().__init__(message)
        self.reason = reason
        self.title = ""
        self.published: datetime | None = None


@dataclass
class Article:
    url: str
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # timezone-aware when the page says the zone
    modified: datetime | None = None
    language: str = ""  # what the text is written in (extract.language: the text's verdict or the declaration)
    declared_language: str = ""  # what the page declares (<html lang>, inLanguage...), "" when nothing
    sitename: str = ""
    canonical_url: str = ""
    image: str = ""  # absolute URL of the lead image
    image_caption: str = ""
    image_credit: str = ""  # who took or owns the lead image ("Jane Roe/Agency")
    tags: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # names the page says it is about (JSON-LD about, mentions)
    section: str = ""
    body_html: str = ""  # structured, sanitized HTML: h2-h6, p, ul/ol/li, blockquote, figure, table, a, em...
    # plain text of the body, blocks separated by blank lines; figure captions are left out (they stay in
    # body_html's figures): the article's running text
    text: str = ""
    # the site rules' remove selectors that removed something from the page (what the operator's rules did)
    removed_by: list[str] = field(default_factory=list)

    @property
    def author(self) -> str:
        return ", ".join(self.authors)

    def to_json(self) -> dict:
        """The keys `dragoman extract` prints."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "author": self.author,
            "authors": list(self.authors),
            "date": self.published.isoformat() if self.published else None,
            "modified": self.modified.isoformat() if self.modified else None,
            "text": self.text,
            "html": self.body_html,
            "image": self.image,
            "image_caption": self.image_caption,
            "image_credit": self.image_credit,
            "tags": list(self.tags),
            "about": list(self.about),
            "section": self.section,
            "canonical_url": self.canonical_url,
            "language": self.language,
            "declared_language": self.declared_language,
            "sitename": self.sitename,
            "url": self.url,
        }

    def to_text(self) -> str:
        """The article as plain text: a header of its metadata, a blank line, the body text."""
        lines = [self.title or "(no title)"]
        if self.subtitle:
            lines.append(self.subtitle)
        lines.append("")
        facts = [
            f"By {self.author}" if self.authors else "",
            self.published.isoformat() if self.published else "",
            self.sitename,
            self.section,
        ]
        if line := " · ".join(fact for fact in facts if fact):
            lines.append(line)
        if self.modified:
            lines.append(f"Updated: {self.modified.isoformat()}")
        lines.append(f"URL: {self.canonical_url or self.url}")
        if self.image:
            about = self.image_caption
            if self.image_credit and self.image_credit not in about:
                about = f"{about} ({self.image_credit})".strip()
            lines.append(f"Image: {self.image}" + (f" — {about}" if about else ""))
        if self.tags:
            lines.append(f"Tags: {', '.join(self.tags)}")
        if self.language:
            lines.append(f"Language: {self.language}")
        return "\n".join(lines) + "\n\n" + self.text + "\n"

    def to_html(self) -> str:
        """The article as a standalone HTML document: its metadata in a header, the lead image
        with caption and credit, the (already sanitized) body. Every metadata value is escaped."""
        e = html.escape
        language = self.language or ""
        head = [
            '<meta charset="utf-8">',
            f"<title>{e(self.title)}</title>",
            f'<link rel="canonical" href="{e(self.canonical_url or self.url)}">',
        ]
        header = [f"<h1>{e(self.title)}</h1>"]
        if self.subtitle:
            header.append(f'<p class="subtitle">{e(self.subtitle)}</p>')
        facts = []
        if self.authors:
            facts.append(f'<span class="byline">By {e(self.author)}</span>')
        if self.published:
            facts.append(f'<time datetime="{e(self.published.isoformat())}">{e(self.published.isoformat())}</time>')
        if self.sitename:
            facts.append(f'<a href="{e(self.canonical_url or self.url)}">{e(self.sitename)}</a>')
        if self.section:
            facts.append(f'<span class="section">{e(self.section)}</span>')
        if facts:
            header.append(f'<p class="meta">{" · ".join(facts)}</p>')
        figure = ""
        if self.image:
            caption = e(self.image_caption)
            if self.image_credit and self.image_credit not in self.image_caption:
                caption += f' <span class="credit">{e(self.image_credit)}</span>'
            figure = f'<figure><img src="{e(self.image)}" alt="">' + (
                f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else ""
            ) + "</figure>"
        footer = ""
        if self.tags:
            footer = f'<footer><p class="tags">{e(", ".join(self.tags))}</p></footer>'
        return (
            f'<!DOCTYPE html>\n<html lang="{e(language)}" dir="{direction(language)}">\n<head>\n'
            + "\n".join(head)
            + "\n</head>\n<body>\n<article>\n<header>\n"
            + "\n".join(header)
            + "\n</header>\n"
            + (figure + "\n" if figure else "")
            + self.body_html
            + "\n"
            + (footer + "\n" if footer else "")
            + "</article>\n</body>\n</html>\n"
        )

    def replace(self, **changes) -> "Article":
        return dataclasses.replace(self, **changes)
