from __future__ import annotations

import pytest


@pytest.fixture
def small_feed(demo_site, demo_expected, tmp_path, allow_fetch):
    """A feed of three demo articles, served on its own port: quick pipelines for step tests. The fetcher
    may reach both local servers."""
    from dragoman.demosite import DemoSite

    items = "".join(
        f"<item><title>{e['title']}</title><link>{demo_site.base_url}{e['url_path']}</link>"
        f"<guid>{demo_site.base_url}{e['url_path']}</guid></item>"
        for e in demo_expected[:3]
    )
    (tmp_path / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Three stories</title>'
        f"<link>{demo_site.base_url}/</link><description>test</description>{items}</channel></rss>",
        encoding="utf-8",
    )
    with DemoSite(root=tmp_path) as site:
        allow_fetch(demo_site, site)
        yield site.feed_url
