"""The one outbound HTTP client. Plain Python: never imports Django.

Every request Dragoman makes to the outside goes through a client made by :func:`http_client`: the
:class:`Fetcher` (feeds, pages, images, robots.txt) and the translation engines' API clients alike, so the
guard (:mod:`dragoman.fetch.guard`) checks every one of them.
"""

from dragoman.fetch.client import ANY, FEED, IMAGE, PAGE, Expect, Fetcher, Response, http_client
from dragoman.fetch.errors import FetchError, RequestRefused, ResponseTooLarge
from dragoman.fetch.guard import Allowlist, parse_allow_entry

__all__ = [
    "ANY",
    "FEED",
    "IMAGE",
    "PAGE",
    "Allowlist",
    "Expect",
    "FetchError",
    "Fetcher",
    "RequestRefused",
    "Response",
    "ResponseTooLarge",
    "http_client",
    "parse_allow_entry",
]
