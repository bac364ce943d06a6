"""A :class:`~dragoman.demosite.DemoSite` that counts the requests in progress and can answer slowly: what the
per-host cap and crash tests measure against."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from dragoman.demosite import DemoSite


class CountingSite(DemoSite):
    """Serves ``root`` like DemoSite; each request waits ``delay`` seconds before it is answered.

    A request is in progress from its arrival until its reply starts (the body is sent after), so a client
    can never have a whole reply from a request still counted: ``max_in_flight`` is the most requests the
    site was working on at once, ``requests`` how many it got, ``paths`` what each asked for."""

    def __init__(self, root: Path, *, delay: float = 0.0):
        super().__init__(root=root)
        self.delay = delay
        self.in_flight = self.max_in_flight = self.requests = 0
        self.paths: list[str] = []  # every request's path, in order of arrival
        self._lock = threading.Lock()
        handler = self.server.RequestHandlerClass.func  # this site's own handler class (see DemoSite)
        prepare = handler.send_head
        site = self

        def send_head(request_handler):
            with site._lock:
                site.requests += 1
                site.paths.append(request_handler.path)
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                time.sleep(site.delay)
                return prepare(request_handler)
            finally:
                with site._lock:
                    site.in_flight -= 1

        handler.send_head = send_head
