#!/usr/bin/env python3
"""Check that demo/expected.json matches the demo site HTML, feed and sitemap.

    /work/main/.venv/bin/python demo/check_expected.py

Needs lxml (available in the project virtualenv). Exits with status 1 and a list
of problems if anything does not match.
"""
import json
import sys
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lhtml

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
OUTLET = "The Harbour Ledger"
BASE = "{{BASE_URL}}"
KEYS = {"slug", "url_path", "title", "author", "published", "image_path",
        "image_caption", "links", "standfirst"}
TZ_ABBR = {"+00:00": "GMT", "+01:00": "CET", "+09:00": "JST", "-05:00": "EST"}
CUTOFF = datetime(2026, 11, 27, tzinfo=timezone.utc)

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)
    return cond


def norm(text):
    return " ".join((text or "").split())


def text_of(el):
    return norm(el.text_content()) if el is not None else None


def first(doc, xpath):
    found = doc.xpath(xpath)
    return found[0] if found else None


def meta(doc, attr, name):
    el = first(doc, f'//meta[@{attr}="{name}"]')
    return el.get("content") if el is not None else None


def visible_time(iso):
    d = datetime.fromisoformat(iso)
    return f"{d.day} {d:%B} {d.year}, {d:%H:%M} {TZ_ABBR.get(iso[-6:], '?')}"


def site_path(page_path, href):
    """Resolve href found on page_path (a site path like /articles/x.html) to a site path."""
    return normpath(urlsplit(urljoin("http://site" + page_path, href)).path)


def png_size(path):
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def news_article(doc, slug):
    """Return (article node, resolver) from the JSON-LD of the page."""
    blocks = doc.xpath('//script[@type="application/ld+json"]')
    check(len(blocks) == 1, f"{slug}: expected one JSON-LD block, found {len(blocks)}")
    data = json.loads(blocks[0].text)
    nodes = data["@graph"] if "@graph" in data else [data]
    by_id = {n["@id"]: n for n in nodes if "@id" in n}

    def resolve(value):
        if isinstance(value, dict) and set(value) == {"@id"}:
            return by_id.get(value["@id"], value)
        return value

    arts = [n for n in nodes if n.get("@type") == "NewsArticle"]
    check(len(arts) == 1, f"{slug}: expected one NewsArticle in JSON-LD")
    return (arts[0] if arts else {}), resolve, "@graph" in data


def check_article(exp, stats):
    slug = exp["slug"]
    path = SITE / "articles" / f"{slug}.html"
    if not check(path.exists(), f"{slug}: missing {path}"):
        return
    check(exp["url_path"] == f"/articles/{slug}.html", f"{slug}: bad url_path")
    check(exp["image_path"] == f"/images/{slug}.png", f"{slug}: bad image_path")
    raw = path.read_text(encoding="utf-8")
    doc = lhtml.fromstring(raw)
    canonical = BASE + exp["url_path"]
    image_url = BASE + exp["image_path"]

    # <head>
    check(doc.get("lang") == "en", f"{slug}: <html lang> is not en")
    check(first(doc, '//meta[@charset="utf-8"]') is not None, f"{slug}: no meta charset")
    check(text_of(first(doc, "//title")) == f"{exp['title']} | {OUTLET}", f"{slug}: <title> mismatch")
    check(first(doc, '//link[@rel="canonical"]').get("href") == canonical, f"{slug}: canonical mismatch")
    check(meta(doc, "name", "author") == exp["author"], f"{slug}: meta author mismatch")
    check(meta(doc, "name", "description") == exp["standfirst"], f"{slug}: meta description mismatch")
    check(meta(doc, "property", "og:title") == exp["title"], f"{slug}: og:title mismatch")
    check(meta(doc, "property", "og:type") == "article", f"{slug}: og:type is not article")
    check(meta(doc, "property", "og:url") == canonical, f"{slug}: og:url mismatch")
    check(meta(doc, "property", "og:image") == image_url, f"{slug}: og:image mismatch")
    check(meta(doc, "property", "og:site_name") == OUTLET, f"{slug}: og:site_name mismatch")
    check(meta(doc, "property", "og:description") == exp["standfirst"], f"{slug}: og:description mismatch")
    check(meta(doc, "property", "article:published_time") == exp["published"],
          f"{slug}: article:published_time mismatch")

    # JSON-LD
    art, resolve, is_graph = news_article(doc, slug)
    stats["graph"] += is_graph
    check(art.get("headline") == exp["title"], f"{slug}: JSON-LD headline mismatch")
    check(art.get("datePublished") == exp["published"], f"{slug}: JSON-LD datePublished mismatch")
    modified = art.get("dateModified")
    check(modified and datetime.fromisoformat(modified) >= datetime.fromisoformat(exp["published"]),
          f"{slug}: JSON-LD dateModified missing or before datePublished")
    authors = art.get("author")
    authors = [resolve(a) for a in (authors if isinstance(authors, list) else [authors])]
    check([a.get("name") for a in authors] == [exp["author"]], f"{slug}: JSON-LD author mismatch")
    check(all(a.get("@type") == "Person" for a in authors), f"{slug}: JSON-LD author is not a Person")
    image = resolve(art.get("image"))
    image = image[0] if isinstance(image, list) else image
    image = image.get("url") if isinstance(image, dict) else image
    check(image == image_url, f"{slug}: JSON-LD image mismatch")
    publisher = resolve(art.get("publisher")) or {}
    check(publisher.get("name") == OUTLET, f"{slug}: JSON-LD publisher mismatch")
    check(canonical in raw.split("</script>")[0], f"{slug}: JSON-LD does not mention the canonical URL")

    # visible article header
    article = first(doc, "//article")
    if not check(article is not None, f"{slug}: no <article>"):
        return
    check(text_of(first(article, ".//h1")) == exp["title"], f"{slug}: <h1> mismatch")
    check(text_of(first(article, './/p[@class="standfirst"]')) == exp["standfirst"], f"{slug}: standfirst mismatch")
    check(text_of(first(article, './/span[@class="byline"]')) == f"By {exp['author']}", f"{slug}: byline mismatch")
    check(text_of(first(article, './/a[@rel="author"]')) == exp["author"], f"{slug}: rel=author mismatch")
    times = article.xpath(".//time")
    check(len(times) == 1 and times[0].get("datetime") == exp["published"], f"{slug}: <time datetime> mismatch")
    check(times and text_of(times[0]) == visible_time(exp["published"]), f"{slug}: visible time mismatch")
    published = datetime.fromisoformat(exp["published"])
    check(published.utcoffset() is not None, f"{slug}: published has no offset")
    check(published.year == 2026 and published.month == 11 and published < CUTOFF,
          f"{slug}: published date outside November 2026 / after the cut-off")
    stats["offsets"].add(exp["published"][-6:])

    # lead image
    img = first(article, ".//figure/img")
    if check(img is not None, f"{slug}: no lead image"):
        check(site_path(exp["url_path"], img.get("src")) == exp["image_path"], f"{slug}: img src mismatch")
        check(bool(img.get("alt")), f"{slug}: img without alt")
    check(text_of(first(article, ".//figure/figcaption")) == exp["image_caption"], f"{slug}: caption mismatch")
    check("Photo:" in exp["image_caption"], f"{slug}: caption has no photo credit")
    png = SITE / exp["image_path"].lstrip("/")
    if check(png.exists(), f"{slug}: image file {png} missing"):
        check(png_size(png) == (640, 360), f"{slug}: image is not a 640x360 PNG")
        check(png.stat().st_size < 40_000, f"{slug}: image larger than 40 KB")

    # body
    body = first(article, './/div[@class="story-body"]')
    if not check(body is not None, f"{slug}: no story body"):
        return
    anchors = list(body.iter("a"))
    links = [a.get("href") for a in anchors]
    check(links == exp["links"], f"{slug}: body links mismatch:\n  html: {links}\n  json: {exp['links']}")
    check(3 <= len(links) <= 8, f"{slug}: {len(links)} inline links (want 3-8)")
    for a in anchors:
        check(any(p.tag in ("p", "blockquote", "li") for p in a.iterancestors()),
              f"{slug}: link {a.get('href')} is not inside a paragraph, quote or list")
        href = a.get("href")
        if urlsplit(href).scheme:
            check(urlsplit(href).scheme == "https", f"{slug}: non-https external link {href}")
        else:
            target = site_path(exp["url_path"], href)
            check((SITE / target.lstrip("/")).exists(), f"{slug}: internal link {href} is broken")
            check(target != exp["url_path"], f"{slug}: link to itself")
    paras = body.xpath("./p")
    check(6 <= len(paras) <= 10, f"{slug}: {len(paras)} body paragraphs (want 6-10)")
    for i, p in enumerate(paras, 1):
        words = len(text_of(p).split())
        check(40 <= words <= 120, f"{slug}: paragraph {i} has {words} words (want 40-120)")
    check(len(body.xpath("./h2")) >= 1, f"{slug}: no <h2> inside the body")
    stats["blockquote"] += bool(body.xpath(".//blockquote"))
    stats["list"] += bool(body.xpath(".//ul|.//ol"))
    stats["table"] += bool(body.xpath(".//table"))
    stats["em"] += bool(body.xpath(".//em|.//strong"))

    # boilerplate that extraction has to remove
    related = doc.xpath('//section[@class="related-stories"]//a/@href')
    check(len(related) == 3, f"{slug}: related box should have 3 links")
    for href in related:
        target = site_path(exp["url_path"], href)
        check((SITE / target.lstrip("/")).exists() and target != exp["url_path"],
              f"{slug}: bad related link {href}")
    for xpath, what in [('//header[@class="site-header"]//nav', "navigation"),
                        ('//div[@class="share-bar"]//a[contains(@href, "social.example/share?u=")]', "share bar"),
                        ('//section[@class="newsletter-box"]//form', "newsletter box"),
                        ('//div[@class="cookie-notice"]', "cookie notice"),
                        ('//footer[@class="site-footer"]', "footer")]:
        check(first(doc, xpath) is not None, f"{slug}: no {what}")


def check_feed(expected):
    raw = (SITE / "feed.xml").read_text(encoding="utf-8")
    check(raw.count(BASE) >= 2 * len(expected), "feed: {{BASE_URL}} missing from links")
    root = etree.fromstring(raw.encode("utf-8"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    check(root.tag == "rss" and root.get("version") == "2.0", "feed: not RSS 2.0")
    channel = root.find("channel")
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        check(bool(channel.findtext(tag)), f"feed: channel has no {tag}")
    check(channel.findtext("language") == "en", "feed: language is not en")
    items = {}
    for item in channel.findall("item"):
        items[item.findtext("link")] = item
    by_url = {BASE + e["url_path"]: e for e in expected}
    check(set(items) == set(by_url), "feed: items do not match the articles")
    for url, item in items.items():
        exp = by_url.get(url)
        if not exp:
            continue
        slug = exp["slug"]
        check(item.findtext("title") == exp["title"], f"feed/{slug}: title mismatch")
        guid = item.find("guid")
        check(guid is not None and guid.text == url and guid.get("isPermaLink") == "true", f"feed/{slug}: guid")
        pub = parsedate_to_datetime(item.findtext("pubDate"))
        check(pub == datetime.fromisoformat(exp["published"]), f"feed/{slug}: pubDate mismatch")
        check(item.findtext("description") == exp["standfirst"], f"feed/{slug}: description mismatch")
        check(item.findtext("dc:creator", namespaces=ns) == exp["author"], f"feed/{slug}: dc:creator mismatch")
        check(bool(item.findtext("category")), f"feed/{slug}: no category")


def check_sitemap(expected):
    root = etree.parse(str(SITE / "sitemap.xml")).getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = root.xpath("//s:url/s:loc/text()", namespaces=ns)
    want = {BASE + "/"} | {BASE + e["url_path"] for e in expected}
    check(set(locs) == want and len(locs) == len(want), "sitemap: URLs do not match the articles")
    for lastmod in root.xpath("//s:url/s:lastmod/text()", namespaces=ns):
        check(datetime.fromisoformat(lastmod).utcoffset() is not None, f"sitemap: bad lastmod {lastmod}")


def check_index(expected):
    doc = lhtml.fromstring((SITE / "index.html").read_text(encoding="utf-8"))
    hrefs = {site_path("/index.html", h) for h in doc.xpath('//section[@class="latest"]//a/@href')}
    for e in expected:
        check(e["url_path"] in hrefs, f"index: no link to {e['url_path']}")


def main():
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    check(len(expected) >= 14, f"only {len(expected)} articles (want at least 14)")
    for e in expected:
        check(set(e) == KEYS, f"{e.get('slug')}: keys {sorted(e)}")
    on_disk = {p.stem for p in (SITE / "articles").glob("*.html")}
    check(on_disk == {e["slug"] for e in expected}, "article files and expected.json do not match")
    check(len({e["slug"] for e in expected}) == len(expected), "duplicate slugs")

    stats = {"blockquote": 0, "list": 0, "table": 0, "em": 0, "graph": 0, "offsets": set()}
    for e in expected:
        check_article(e, stats)
    check(stats["blockquote"] >= 4, f"only {stats['blockquote']} articles with a blockquote")
    check(stats["list"] >= 4, f"only {stats['list']} articles with a list")
    check(stats["table"] >= 1, "no article with a table")
    check(stats["graph"] >= 1, "no article with @graph JSON-LD")
    check(len(stats["offsets"]) >= 2, "all articles use the same timezone offset")
    check_feed(expected)
    check_sitemap(expected)
    check_index(expected)

    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for msg in errors:
            print(" -", msg)
        return 1
    print(f"OK: {len(expected)} articles; blockquote {stats['blockquote']}, lists {stats['list']}, "
          f"tables {stats['table']}, @graph {stats['graph']}, offsets {sorted(stats['offsets'])}, "
          f"{sum(len(e['links']) for e in expected)} body links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
