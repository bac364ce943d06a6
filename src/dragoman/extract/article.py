"""The extracted article: what every later stage reads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime


class ExtractionError(Exception):
    """The page could not be turned into an article; the message says why."""


@dataclass
class Article:
    url: str
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # timezone-aware when the page says the zone
    modified: datetime | None = None
    language: str = ""
    sitename: str = ""
    canonical_url: str = ""
    image: str = ""  # absolute URL of the lead image
    image_caption: str = ""
    body_html: str = ""  # structured, sanitized HTML: h2-h6, p, ul/ol/li, blockquote, figure, table, a, em...
    text: str = ""  # plain text of the body, paragraphs separated by blank lines

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
            "canonical_url": self.canonical_url,
            "language": self.language,
            "sitename": self.sitename,
            "url": self.url,
        }

    def replace(self, **changes) -> "Article":
        return dataclasses.replace(self, **changes)
