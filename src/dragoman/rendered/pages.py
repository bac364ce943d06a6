"""Keeping the rendered folder in step with the database.

A change that alters public pages marks them in its own transaction (:func:`mark`: one statement, a row per
page in :class:`~dragoman.rendered.models.StalePage`). Right after it commits, the translation's own pages are
rendered (:func:`render_now`); the shared ones (home, listings, feeds, sitemaps, stories) wait for the next pass
(:func:`render_stale`), which a worker runs at most every ``DRAGOMAN_RENDER_SECONDS``, all workers together
(:func:`take_pass`), and ``dragoman run`` at its end: a burst of publications renders home once. Each page is
rendered in a transaction that locks its row, writes the page (:func:`dragoman.rendered.folder.write`, atomic)
and deletes the row; a change committed meanwhile waits for that lock and marks the page again, so the last page
written is never older than the last change. A crash anywhere leaves the row, and the next pass renders the page
again.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone

from dragoman.rendered import folder
from dragoman.rendered.models import RenderPass, StalePage
from dragoman.rendered.rendering import RenderError, render

log = logging.getLogger("dragoman.rendered")

#: A listing page's link to the next one, as the listing templates write it.
_NEXT = re.compile(rb'<link rel="next" href="\?page=([0-9]+)">')
#: Addresses never rendered ahead: they answer each reader (search), or are not public.
DYNAMIC = ("/search/", "/review/", "/admin/", "/metrics", "/static/", "/media/")


def root() -> Path:
    return Path(settings.RENDERED_ROOT)


def mark(paths: Iterable[str]) -> None:
    """Mark pages to render again, in the caller's transaction: one statement. An existing row is updated, not
    skipped, so that the statement waits for a render of the page in progress (which holds the row) and the
    page is rendered again after it, with this change."""
    now = timezone.now()
    rows = [StalePage(path=path, marked_at=now) for path in sorted(set(paths))]  # one order: no deadlock
    if rows:
        StalePage.objects.bulk_create(rows, update_conflicts=True, unique_fields=["path"], update_fields=["marked_at"])


def is_written(path: str) -> bool:
    """Whether the folder holds the page at ``path`` (its first page, for a listing)."""
    relative = folder.page_file(path)
    return relative is not None and (root() / relative).is_file()


def take_pass(seconds: float) -> bool:
    """Whether this process runs the next pass: none began in the last ``seconds``, by the database's clock (a
    conditional update of :class:`RenderPass`'s one row: of two workers asking at once, one wins)."""
    now = Now()
    if RenderPass.objects.filter(pk=1, started_at__lte=now - timedelta(seconds=seconds)).update(started_at=now):
        return True
    return RenderPass.objects.get_or_create(pk=1, defaults={"started_at": timezone.now()})[1]  # the first pass


def render_now(paths: Iterable[str], shared: dict | None = None) -> int:
    """Render these marked pages at once, together (a translation's own, after its change committed; ``shared``:
    what they may take as read, :data:`~dragoman.rendered.rendering.SHARED_READS`); a failure is logged and the pages
    stay marked for the next pass. Returns how many were written or removed."""
    try:
        return render_marked(list(paths), shared)
    except Exception:  # never the publication's failure: the rows stay, the next pass tries again
        log.exception("pages %s not rendered; the next pass tries again", ", ".join(paths))
        return 0


def render_stale(*, seconds: float | None = None) -> int:
    """The pass: render every marked page once, oldest mark first (``seconds``: stop starting new pages after
    that long; the rest waits for the next pass). Returns how many pages were rendered."""
    started = time.monotonic()
    done = 0
    for path in list(StalePage.objects.values_list("path", flat=True)):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        try:
            done += render_marked([path])
        except Exception:  # one page that fails does not hold the others back; its row stays for the next pass
            log.exception("page %s not rendered; the next pass tries again", path)
    return done


def render_marked(paths: list[str], shared: dict | None = None) -> int:
    """Render marked pages while holding their rows, then delete the rows, in one transaction; a page whose row
    is gone (rendered by another process) or held (being rendered, or marked again by a change not yet
    committed) is left to that other. Returns how many pages were rendered."""
    with transaction.atomic():
        rows = list(StalePage.objects.select_for_update(skip_locked=True).filter(path__in=paths))
        shared = dict(shared or {})  # what the pages read alike (an article's page and its bilingual view), once
        for row in rows:
            write_page(row.path, shared=shared)
        if rows:
            StalePage.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def write_page(path: str, *, out: Path | None = None, pages: int | None = None, rewrite=None,
               shared: dict | None = None) -> list[str]:  # fmt: skip
    """Render the page at ``path`` into the folder (``out``, else the rendered root), with the following pages
    of a listing up to ``pages`` (``DRAGOMAN_RENDERED_LISTING_PAGES`` by default; the rest is answered by Django
    at each request). A page that is gone (not found, or moved: a redirect) is removed, so that readers reach
    Django, which answers it. ``rewrite(path, body)`` changes a page's bytes before they are written (the links
    of ``dragoman site build``). ``shared``: one dict for the pages rendered together (read once what they all
    read). Returns the files written, relative to the folder."""
    if path.startswith(DYNAMIC):
        raise RenderError(f"{path} is answered by Django at each request, never rendered ahead")
    out = out or root()
    limit = settings.RENDERED_LISTING_PAGES if pages is None else pages
    written, number = [], 1
    while True:
        relative = folder.page_file(path, number)
        if relative is None:
            raise RenderError(f"{path} is no address of a rendered page")
        page = render(path, f"page={number}" if number > 1 else "", shared)
        if page.status != 200 or page.varies_by_reader:
            if page.varies_by_reader:
                log.warning("page %s reads the reader's cookies: left to Django", path)
            folder.remove(out, relative)
            break
        expected = folder.content_type(relative)
        if page.content_type.lower() != expected.lower():
            raise RenderError(f"{path} is {page.content_type}, but its file {relative} would be served as {expected}")
        body = rewrite(path if number == 1 else f"{path}?page={number}", page.body) if rewrite else page.body
        folder.write(out, relative, body)
        written.append(relative)
        following = _NEXT.search(page.body)
        if not path.endswith("/") or following is None or number >= limit:
            break
        number = int(following.group(1))
    if path.endswith("/"):  # listing pages beyond the last written: out of date, answered by Django again
        for old in folder.listing_pages(out, path[1:]):
            if old > number or (old > 1 and not written):
                folder.remove(out, folder.page_file(path, old))
    return written
