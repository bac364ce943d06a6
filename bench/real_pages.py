"""A folder of saved pages through the whole pipeline, as a user would put them: a local feed, `dragoman sources
add`, `dragoman run --once`, then the site.

    .venv/bin/python bench/real_pages.py DIR [--from en] [--to es] [--engine apertium] [--limit N] [--keep]

DIR holds ``html/<id>.html`` or ``<id>.html.gz`` (the pages as they were saved), and a ``ground-truth.json`` or
``annotations.json`` naming them (``../shared/corpora/zyte-dev`` is laid out so). Each page is served as it was
saved (its bytes, no charset in the HTTP header) from a local port, listed in an RSS feed served beside it; the
feed is added as a source (``--from``/``--to``/``--engine``), and ``dragoman run --once`` takes every entry as far
as it goes, in its own process, with a new ``DRAGOMAN_HOME``.

Then it reads the database and the site and prints:

- published: translations published, of the entries; with the units that were degraded (kept in the original
  language, or in a safer form) and why;
- set aside: articles in a language the source's engines can't translate, by language;
- refused: pages that are not articles, by reason (the extractor's evidence);
- failed: by step and reason;
- links exact: published translations whose body holds every link of the original body exactly as many times;
- wrong language: published translations whose original is not in the source's language (by the language
  identified from the text, when the pipeline records one);
- pages answering 500: the translated site crawled from its home through every internal link (articles,
  bilingual views, tags, sources, days, languages, feeds, sitemaps), with Django's test client;
- seconds per article: the wall time of ``run --once`` over the entries.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dragoman.demosite import DemoSite  # noqa: E402

DRAGOMAN = [str(Path(sys.executable).with_name("dragoman"))]


# --------------------------------------------------------------------------------------------
# the local site: the saved pages and a feed of them


def saved_pages(directory: Path, limit: int | None) -> list[tuple[str, bytes]]:
    """(id, bytes) of every labelled page of the folder, in the labels' order."""
    labels: dict[str, dict] = {}
    for name in ("ground-truth.json", "annotations.json"):
        if (directory / name).is_file():
            labels.update(json.loads((directory / name).read_text(encoding="utf-8")))
    ids = sorted(labels) or sorted(p.name.split(".")[0] for p in (directory / "html").iterdir())
    pages = []
    for page_id in ids:
        for name in (f"{page_id}.html", f"{page_id}.html.gz"):
            path = directory / "html" / name
            if path.is_file():
                raw = path.read_bytes()
                pages.append((page_id, gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw))
                break
    return pages[:limit] if limit else pages


def write_site(root: Path, pages: list[tuple[str, bytes]]) -> dict[str, str]:
    """The pages under ``root/pages/`` (as ``.htm``: served as saved, never templated) and ``root/feed.xml``
    listing them; returns {page path: id}."""
    (root / "pages").mkdir(parents=True)
    now = format_datetime(datetime.now(timezone.utc))
    items, paths = [], {}
    for number, (page_id, raw) in enumerate(pages):
        name = f"p{number:04d}.htm"
        (root / "pages" / name).write_bytes(raw)
        paths[f"/pages/{name}"] = page_id
        items.append(
            f"<item><title>{html.escape(page_id)}</title><link>{{{{BASE_URL}}}}/pages/{name}</link>"
            f"<guid isPermaLink=\"false\">{html.escape(page_id)}</guid><pubDate>{now}</pubDate></item>"
        )
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Saved pages</title>'
        f"<link>{{{{BASE_URL}}}}/</link><description>Pages saved for a measurement</description>{''.join(items)}"
        "</channel></rss>\n",
        encoding="utf-8",
    )
    return paths


# --------------------------------------------------------------------------------------------
# the pipeline, in its own processes


def dragoman(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([*DRAGOMAN, *args], env=env, capture_output=True, text=True, timeout=7200)
    if result.returncode != 0:
        raise SystemExit(f"dragoman {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result


# --------------------------------------------------------------------------------------------
# what came out


_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def hrefs(fragment: str) -> Counter:
    return Counter(html.unescape(a or b) for a, b in _HREF.findall(fragment or ""))


def crawl(client, start: str = "/", limit: int = 5000) -> tuple[int, list[tuple[str, int]]]:
    """Every internal page reachable from ``start``: (pages fetched, [(path, status) of the 5xx answers])."""
    seen, queue, errors = {start}, [start], []
    fetched = 0
    while queue and fetched < limit:
        path = queue.pop(0)
        response = client.get(path)
        fetched += 1
        if response.status_code >= 500:
            errors.append((path, response.status_code))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", "") and "xml" not in (
            response.get("Content-Type", "")
        ):
            continue
        body = response.content.decode("utf-8", "replace")
        for match in re.finditer(r"""(?:href|src)\s*=\s*["']([^"'#]+)""", body):
            target = urljoin(path, html.unescape(match.group(1)))
            parts = urlsplit(target)
            if parts.netloc not in ("", "127.0.0.1") or not parts.path.startswith("/"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(("/static/", "/media/", "/admin/")) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return fetched, errors


def report(home: Path, paths: dict[str, str], source_language: str, run_seconds: float) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "dragoman.settings"
    import django

    django.setup()
    from django.test import Client

    from dragoman.articles.models import Article, Entry, Translation

    entries = list(Entry.objects.all())
    articles = {a.entry_id: a for a in Article.objects.select_related("entry")}
    translations = list(Translation.objects.select_related("article__entry"))
    total = len(entries)
    page_id = {e.pk: paths.get(urlsplit(e.url).path, e.url) for e in entries}

    published = [t for t in translations if t.state == Translation.State.PUBLISHED]
    held = [t for t in translations if t.state == Translation.State.REVIEW]
    print(f"{total} entries from {len(paths)} saved pages; run --once took {run_seconds:.1f} s "
          f"({run_seconds / max(1, total):.2f} s per article)\n")  # fmt: skip
    print(f"published:      {len(published):4} of {total} ({len(published) / max(1, total):.1%})")
    degraded = [t for t in published + held if getattr(t, "degraded_units", 0)]
    if hasattr(Translation, "degraded_units"):
        units = sum(t.degraded_units for t in degraded)
        print(f"  with degraded units: {len(degraded)} translations, {units} units")
        for t in degraded:
            print(f"    {page_id[t.article.entry_id]}: {t.degraded_units} units: {'; '.join(t.degradation_reasons)}"[:300])
    if held:
        print(f"held for review: {len(held)}")

    set_aside = [e for e in entries if e.state == "set_aside"]
    if set_aside or any(choice == "set_aside" for choice, _ in Entry.State.choices):
        by_language = Counter((articles[e.pk].language if e.pk in articles else "?") for e in set_aside)
        print(f"set aside:      {len(set_aside):4}" + (" (" + ", ".join(f"{k} {v}" for k, v in by_language.items()) + ")"
                                                     if set_aside else ""))  # fmt: skip
        for e in set_aside:
            print(f"    {page_id[e.pk]}: {e.error}"[:300])

    failed = [e for e in entries if e.state == Entry.State.FAILED]
    refused = [e for e in failed if e.failed_step == "extract" and e.error.startswith(("not an article", "no article"))]
    other = [e for e in failed if e not in refused]
    print(f"refused:        {len(refused):4}" + (" (" + ", ".join(
        f"{k} {v}" for k, v in Counter(e.error.split(":")[0] for e in refused).items()) + ")" if refused else ""))  # fmt: skip
    for e in refused:
        print(f"    {page_id[e.pk]}: {e.error}"[:300])
    failed_translations = [t for t in translations if t.state == Translation.State.FAILED]
    print(f"failed:         {len(other) + len(failed_translations):4}")
    for e in other:
        print(f"    {page_id[e.pk]} [{e.failed_step}]: {e.error}"[:300])
    for t in failed_translations:
        print(f"    {page_id[t.article.entry_id]} [translate]: {t.error}"[:300])
    unfinished = [e for e in entries if e.state not in (Entry.State.EXTRACTED, Entry.State.FAILED, "set_aside")]
    if unfinished:
        print(f"not finished:   {len(unfinished):4} ({', '.join(sorted({e.state for e in unfinished}))})")

    exact = [t for t in published if hrefs(t.article.body_html) == hrefs(t.body_html)]
    links = sum(hrefs(t.article.body_html).total() for t in published)
    print(f"links exact:    {len(exact):4} of {len(published)} published translations ({links} links in their originals)")
    for t in published:
        if t not in exact:
            missing = hrefs(t.article.body_html) - hrefs(t.body_html)
            extra = hrefs(t.body_html) - hrefs(t.article.body_html)
            print(f"    {page_id[t.article.entry_id]}: missing {dict(missing)}, extra {dict(extra)}"[:300])
    wrong = [t for t in published if t.article.language and t.article.language != source_language]
    print(f"wrong language: {len(wrong):4} published from a page not in {source_language!r}"
          + (": " + ", ".join(f"{page_id[t.article.entry_id]} ({t.article.language})" for t in wrong) if wrong else ""))

    fetched, errors = crawl(Client(HTTP_HOST="127.0.0.1"))
    print(f"pages answering 500: {len(errors)} of {fetched} crawled from the home page")
    for path, status in errors[:20]:
        print(f"    {status} {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, help="a folder with html/<id>.html(.gz) and its labels")
    parser.add_argument("--from", dest="source", default="en", help="the source's language (default en)")
    parser.add_argument("--to", dest="target", default="es", help="the language translated into (default es)")
    parser.add_argument("--engine", default="apertium", help="the engine, or a chain a,b (default apertium)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--keep", action="store_true", help="keep the home folder (its path is printed)")
    args = parser.parse_args()
    pages = saved_pages(args.directory, args.limit)
    if not pages:
        raise SystemExit(f"no pages in {args.directory} (expected html/<id>.html or .html.gz)")
    work = Path(tempfile.mkdtemp(prefix="dragoman-real-pages-"))
    try:
        paths = write_site(work / "site", pages)
        with DemoSite(root=work / "site") as site:
            env = {**os.environ, "DRAGOMAN_HOME": str(work / "home"), "DRAGOMAN_FETCH_ALLOW": site.netloc,
                   "DRAGOMAN_LOG_LEVEL": "ERROR", "PYTHONPATH": str(REPO / "src")}  # fmt: skip
            # saved pages are older than any import window: none (--since-days 0)
            dragoman(env, "sources", "add", site.feed_url, "--from", args.source, "--to", args.target,
                     "--engine", args.engine, "--since-days", "0")  # fmt: skip
            start = time.perf_counter()
            dragoman(env, "run", "--once")
            seconds = time.perf_counter() - start
            os.environ.update({k: env[k] for k in ("DRAGOMAN_HOME", "DRAGOMAN_FETCH_ALLOW", "DRAGOMAN_LOG_LEVEL")})
            report(work / "home", paths, args.source, seconds)
    finally:
        if args.keep:
            print(f"\nkept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
