"""HTML -> Article. Plain Python: never imports Django.

    from dragoman.extract import extract_article
    article = extract_article(html_bytes, url="https://example.org/story.html")

An operator's selectors for a site (``SiteRules``) override the automatic choices; a page that is
not an article raises ``ExtractionError`` with the reason.
"""

from dragoman.extract.article import Article, ExtractionError
from dragoman.extract.extractor import extract_article
from dragoman.extract.rules import SelectorError, SiteRules

__all__ = ["Article", "ExtractionError", "SelectorError", "SiteRules", "extract_article"]
