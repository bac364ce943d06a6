"""The one outbound HTTP client. Plain Python: never imports Django.

Every request Dragoman makes to the outside (feeds, pages, images) goes through :class:`Fetcher`.
"""

from dragoman.fetch.client import Fetcher, FetchError, Response, http_client

__all__ = ["Fetcher", "FetchError", "Response", "http_client"]
