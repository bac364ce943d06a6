"""The names a page says it is about (JSON-LD ``about`` and ``mentions``): the translation keeps them as names."""

from dragoman.extract import extract_article

PAGE = b"""<html><head><script type="application/ld+json">{"@context": "https://schema.org",
"@type": "NewsArticle", "headline": "Trump visits Reading",
"about": [{"@type": "Person", "name": "Donald Trump"}, {"@type": "Place", "name": "Reading"}],
"mentions": {"@type": "Organization", "name": "Moody's"}, "author": {"@type": "Person", "name": "Jane Roe"}}
</script><title>Trump visits Reading</title></head><body><article><h1>Trump visits Reading</h1>
<p>President Trump travelled to Reading on Monday, where he met local business leaders and spoke about trade,
jobs and the new railway line.</p><p>The visit lasted three hours, and protesters gathered outside the town hall
while supporters waved flags along the road.</p></article></body></html>"""


def test_about_and_mentions_give_names():
    article = extract_article(PAGE, "https://news.example/trump")
    assert article.about == ["Donald Trump", "Reading", "Moody's"]
    assert article.to_json()["about"] == ["Donald Trump", "Reading", "Moody's"]


def test_a_page_without_them_gives_none():
    page = PAGE.replace(b'"about"', b'"x-about"').replace(b'"mentions"', b'"x-mentions"')
    assert extract_article(page, "https://news.example/trump").about == []
