"""HTML -> Article. Plain Python: never imports Django.

    from dragoman.extract import extract_article
    article = extract_article(html_bytes, url="https://example.org/story.html")
"""

from dragoman.extract.article import Article, ExtractionError
from dragoman.extract.extractor import extract_article

__all__ = ["Article", "ExtractionError", "extract_article"]
