"""``dragoman site build``: the whole public site written into a folder for any static host.

Every page a reader can reach without a query is rendered by Django (:func:`dragoman.rendered.pages.write_page`,
each listing with all of its pages), with the static files and the lead images beside them. Links are made
relative (``../../sources/ledger/index.html``), so the folder opens from any address, or from the disk; with a
base URL (``https://example.org/news/``) they are absolute under it instead, and the site's own address in
canonical links, feeds and sitemaps becomes that URL. Either way a listing's ``?page=N`` links lead to its
``index.page-N.html``. Search answers each query and has no static form: its form stays, pointing to an
address a static host does not answer.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test.utils import override_settings

from dragoman.articles.models import Translation
from dragoman.rendered import addresses, folder
from dragoman.rendered.pages import DYNAMIC, write_page
from dragoman.stories.models import Story

#: Every page of every listing: a static host has no Django to answer the later ones.
ALL_PAGES = 1_000_000
_LINK = re.compile(rb'(?P<attr>\b(?:href|src|action)=")(?P<url>[^"]*)"')


class BuildError(ValueError):
    """A build that cannot be made as asked (said in one line)."""


@dataclass
class Built:
    pages: int
    files: int  # pages, their encodings, static files and images


def public_addresses() -> list[str]:
    """Every address of the public site that needs no query: home, stories, each published translation's pages,
    the listings of its source, tags, day and language, every feed and sitemap, robots.txt."""
    found = [addresses.reverse("dragoman:robots"), *addresses.story_pages(None)]
    found += [addresses.reverse("dragoman:story", kwargs={"pk": pk}) for pk in Story.objects.filter(size__gte=1).values_list("pk", flat=True)]
    published = Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article__entry__source")
    for translation in published.iterator():
        found += addresses.own_pages(translation) + addresses.shared_pages(translation)
    return list(dict.fromkeys(found))


def build(out: Path, base_url: str | None = None) -> Built:
    """Write the whole public site into ``out`` (see the module's documentation)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder")
    base = _base(base_url)
    site_url = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}" if base else settings.SITE_URL
    host = urlsplit(site_url).hostname
    hosts = settings.ALLOWED_HOSTS if host in settings.ALLOWED_HOSTS else [*settings.ALLOWED_HOSTS, host]
    links = Links(base, (site_url.rstrip("/") + "/").encode())
    pages = files = 0
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=hosts):
        for path in public_addresses():
            written = write_page(path, out=out, pages=ALL_PAGES, rewrite=links.rewrite)
            pages += len(written)
            files += len(written) * (3 if written and folder.compressible(written[0]) else 1)
    files += _copy_static(out) + _copy_images(out)
    return Built(pages=pages, files=files)


def _base(base_url: str | None) -> str | None:
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BuildError(f"--base-url must be an http(s) address such as https://example.org/news/, not {base_url!r}")
    return base_url if base_url.endswith("/") else base_url + "/"


class Links:
    """Rewrites a page's links for the static folder: relative to the page (no base URL), or absolute under the
    base URL; the site's own address in the page (canonical links, feeds) becomes the base URL when there is one."""

    def __init__(self, base: str | None, own: bytes):
        self.base = base
        self.own = own

    def rewrite(self, address: str, body: bytes) -> bytes:
        if self.base:  # the site's own address first, so that the links made absolute below are not changed again
            body = body.replace(self.own, self.base.encode())
        path = address.partition("?")[0]
        if not (path.endswith("/") or path.endswith(".html")):  # feeds, sitemaps, robots.txt: absolute links only
            return body
        here = posixpath.dirname(folder.page_file(path) or "index.html")
        return _LINK.sub(lambda m: m.group("attr") + self._link(m.group("url").decode(), path, here).encode() + b'"', body)

    def _link(self, url: str, page: str, here: str) -> str:
        if url.startswith("?"):  # another page of this listing
            url = page + url
        if not url.startswith("/") or url.startswith("//"):
            return url  # another site's, or an anchor
        path, _, fragment = url.partition("#")
        path, _, query = path.partition("?")
        path = unquote(path)  # as the file is named
        target = folder.page_file(path, folder.page_number(query))
        if target is None or path.startswith(DYNAMIC):
            target = path[1:]  # no file of its own: left as the address it is
        anchor = f"#{fragment}" if fragment else ""
        if self.base:
            return self.base + quote(target) + anchor
        relative = posixpath.relpath(target or ".", here or ".")
        return quote(relative + ("/" if target.endswith("/") or not target else "")) + anchor


def _copy_static(out: Path) -> int:
    """The site's static files (stylesheet, icon) under static/, as whitenoise serves them (not the admin's)."""
    count = 0
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            if not name.startswith("dragoman/"):
                continue
            with storage.open(name) as source:
                folder.write(out / "static", name, source.read())
            count += 3 if folder.compressible(name) else 1
    return count


def _copy_images(out: Path) -> int:
    images = Path(settings.MEDIA_ROOT) / "images"
    if not images.is_dir():
        return 0
    target = out / "media" / "images"
    shutil.copytree(images, target, dirs_exist_ok=True)
    return sum(1 for _ in target.iterdir())

