"""Feeds of the published translations: Atom, RSS 2.0 and JSON Feed 1.1, for the whole site, per source and per
target language. Every page advertises its feeds with ``<link rel="alternate">``.

Each item is the translation's whole body (sanitized again on the way out), its link on this site, its
language, the original's author and publication date, and a link to the original (Atom: ``rel="via"``; JSON
Feed: ``external_url``).

The stories (:mod:`dragoman.stories`) have their own feeds, one item per story of two articles or more: its
summary with the source of each sentence, and its articles.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.template.loader import render_to_string

from dragoman.articles.models import Article, Translation
from dragoman.publish.languages import language_name
from dragoman.publish.partial import is_partial, shown_body
from dragoman.publish.phrases import phrases
from dragoman.publish.views import ArticleAddresses
from dragoman.sanitize import sanitize_html
from dragoman.sources.models import Source
from dragoman.stories import pages as story_pages
from dragoman.stories.models import Story

#: Items in one feed.
FEED_ITEMS = 50
#: What a feed item shows of a translation and of its original (:func:`latest`), a partial translation's block
#: included (its attribution, its original's lead: :mod:`dragoman.publish.partial`); not the original's body and
#: text (:func:`latest` reads the bodies of the partial ones' originals), nor the pipeline's bookkeeping, nor the
#: entry and source rows (read on demand, for an original with neither site name nor language of its own).
ITEM_FIELDS = (
    "target_language", "engine", "engine_label", "title", "subtitle", "body_html", "tags", "slug", "mode",
    "published_at", "article__entry", "article__url", "article__canonical_url", "article__subtitle",
    "article__authors", "article__published_at", "article__published_offset", "article__language",
    "article__site_name", "article__image_file", "article__tags",
)  # fmt: skip

#: Characters XML 1.0 cannot carry (Django's feed writer refuses them): taken out of every text of a feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """A text from outside (a source's name, a title, a tag), without what XML cannot carry."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


@dataclass
class Scope:
    """What a feed covers: the whole site, one source or one target language."""

    title: str
    link: str
    language: str
    translations: object  # a queryset of published translations
    kind: str
    kwargs: dict

    def feed_url(self, flavour: str) -> str:
        names = {"site": "feed", "source": "source-feed", "language": "language-feed"}
        return reverse(f"dragoman:{names[self.kind]}-{flavour}", kwargs=self.kwargs)


def scope_for(slug: str | None = None, language: str | None = None) -> Scope:
    published = Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article__entry__source")
    site_words = phrases(settings.SITE_LANGUAGE)
    if slug is not None:
        source = get_object_or_404(Source, slug=slug)
        return Scope(
            title=f"{settings.SITE_NAME}: {site_words['from_source'].format(site=source)}",
            link=reverse("dragoman:source", kwargs={"slug": slug}),
            language=settings.SITE_LANGUAGE,
            translations=published.filter(article__entry__source=source),
            kind="source",
            kwargs={"slug": slug},
        )
    if language is not None:
        translations = published.filter(target_language=language)
        if not translations.exists():
            raise Http404("nothing is published in this language")
        return Scope(
            title=f"{settings.SITE_NAME}: {phrases(language)['language'].format(language=language_name(language, language))}",
            link=reverse("dragoman:language", kwargs={"language": language}),
            language=language,
            translations=translations,
            kind="language",
            kwargs={"language": language},
        )
    return Scope(
        title=f"{settings.SITE_NAME}: {site_words['latest']}",
        link=reverse("dragoman:home"),
        language=settings.SITE_LANGUAGE,
        translations=published,
        kind="site",
        kwargs={},
    )


def latest(scope: Scope) -> list[Translation]:
    """The feed's translations, the latest published first, with :data:`ITEM_FIELDS`; the originals of the
    partial ones with their bodies too, read in one query (a partial block quotes its original's lead, which may
    be its body's first paragraph)."""
    chosen = scope.translations.select_related(None).select_related("article").only(*ITEM_FIELDS)
    translations = list(chosen.order_by("-published_at", "-pk")[:FEED_ITEMS])
    originals = [t.article for t in translations if is_partial(t)]
    if originals:
        bodies = dict(Article.objects.filter(pk__in={a.pk for a in originals}).values_list("pk", "body_html"))
        for original in originals:
            if original.pk in bodies:  # else (deleted since) read as it would have been
                original.body_html = bodies[original.pk]
    return translations


@dataclass
class Item:
    """A translation as its feeds list it, with the address of its page (the item's link and id), made once."""

    translation: Translation
    link: str


def items_of(scope: Scope) -> list[Item]:
    """The feed's items (:func:`latest`), each with its address."""
    address = ArticleAddresses()
    return [Item(t, address(t)) for t in latest(scope)]


class WrittenWhole:
    """A feed generator that writes its document into a string, then the string's bytes into the response at
    once (Django's writes each piece of markup into the response, tens of thousands of small writes for a feed of
    fifty articles). The bytes are those Django's writer gives: the text encoded in ``encoding``, a character it
    cannot encode written as an XML character reference."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        super().write(document, encoding)
        outfile.write(document.getvalue().encode(encoding, "xmlcharrefreplace"))


class Atom(WrittenWhole, Atom1Feed):
    """Atom, written whole."""


class Rss(WrittenWhole, Rss201rev2Feed):
    """RSS 2.0, written whole."""


class AtomWithVia(Atom):
    """Atom, with each entry linking to the original it translates (``rel="via"``)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("via"):
            handler.addQuickElement("link", "", {"rel": "via", "href": item["via"]})


class ScopedFeed(Feed):
    """A feed whose language is its own (a method, like its title). Django's ``Feed`` reads ``language`` as a plain
    attribute and never calls it (it would write the method's repr as the feed's ``xml:lang``); it is asked here."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = self._get_dynamic_attr("language", obj)
        return feed


class TranslationsAtomFeed(ScopedFeed):
    feed_type = AtomWithVia
    flavour = "atom"

    def get_object(self, request, slug: str | None = None, language: str | None = None) -> Scope:
        return scope_for(slug, language)

    def title(self, scope: Scope):
        return xml_text(scope.title)

    def link(self, scope: Scope):
        return scope.link

    def feed_url(self, scope: Scope):
        return scope.feed_url(self.flavour)

    def description(self, scope: Scope):
        return phrases(scope.language)["feed"]

    subtitle = description

    def language(self, scope: Scope):
        return scope.language

    def items(self, scope: Scope):
        return items_of(scope)

    def item_title(self, item: Item):
        return xml_text(item.translation.title)

    def item_description(self, item: Item):
        return xml_text(sanitize_html(shown_body(item.translation)))

    def item_link(self, item: Item):
        return item.link

    def item_guid(self, item: Item):
        return item.link

    def item_author_name(self, item: Item):
        return xml_text(item.translation.article.author) or None

    def item_pubdate(self, item: Item):
        return item.translation.article.published_at or item.translation.published_at

    def item_updateddate(self, item: Item):
        return item.translation.published_at

    def item_categories(self, item: Item):
        return [xml_text(name) for name, _, _ in item.translation.shown_tags]  # in the feed's language where translated

    def item_extra_kwargs(self, item: Item):
        return {"language": item.translation.target_language, "via": item.translation.article.original_url}


class TranslationsRssFeed(TranslationsAtomFeed):
    feed_type = Rss
    flavour = "rss"


#: The site-wide Atom feed under its historical name.
LatestTranslationsFeed = TranslationsAtomFeed


def json_feed(request, slug: str | None = None, language: str | None = None):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the same items."""
    scope = scope_for(slug, language)
    absolute = request.build_absolute_uri
    items = []
    for listed in items_of(scope):
        t, url = listed.translation, absolute(listed.link)
        published = t.article.published_at or t.published_at
        item = {
            "id": url,
            "url": url,
            "external_url": t.article.original_url,
            "title": t.title,
            "content_html": sanitize_html(shown_body(t)),
            "summary": t.subtitle or None,
            "date_published": published.isoformat() if published else None,
            "date_modified": t.published_at.isoformat() if t.published_at else None,
            "authors": [{"name": name} for name in t.article.authors] or None,
            "tags": [name for name, _, _ in t.shown_tags] or None,
            "language": t.target_language,
        }
        if t.article.image_file:
            item["image"] = absolute(settings.MEDIA_URL + t.article.image_file)
        items.append({k: v for k, v in item.items() if v is not None})
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": absolute(scope.link),
        "feed_url": absolute(scope.feed_url("json")),
        "description": phrases(scope.language)["feed"],
        "language": scope.language,
        "items": items,
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    return response


# --- stories -----------------------------------------------------------------------------------------------------


def listed_for_feed() -> list[Story]:
    """The stories a feed lists, each with its members as shown (``shown``: read for all of them at once)."""
    stories = list(story_pages.listed_stories()[: story_pages.FEED_STORIES])
    members = story_pages.shown_members_of(stories, settings.SITE_LANGUAGE)
    for story in stories:
        story.shown = members[story.pk]
    return stories


def story_html(story: Story) -> str:
    """A story as a feed item's content (one of :func:`listed_for_feed`): its summary (each sentence with its
    source; a machine-written one said to be so), then its articles, each linked (to its translation here, or to
    the original)."""
    words = phrases(settings.SITE_LANGUAGE)
    sentences = [s for s in story.summary or [] if isinstance(s, dict) and s.get("text")]
    return render_to_string(
        "dragoman/_story_feed_item.html",
        {
            "story": story,
            "words": words,
            "machine_note": words["summary_machine"].format(engine=story.summary_engine) if story.machine_written else "",
            "sentences": sentences,
            "members": story.shown,
        },
    )


class StoriesAtomFeed(ScopedFeed):
    """The stories of two articles or more, the latest update first: one item per story, updated as it grows."""

    feed_type = Atom
    flavour = "atom"

    def title(self):
        return xml_text(f"{settings.SITE_NAME}: {phrases(settings.SITE_LANGUAGE)['stories']}")

    def link(self):
        return reverse("dragoman:stories")

    def feed_url(self):
        return reverse(f"dragoman:stories-{self.flavour}")

    def description(self):
        return phrases(settings.SITE_LANGUAGE)["stories_feed"]

    subtitle = description

    def language(self):
        return settings.SITE_LANGUAGE

    def items(self):
        return listed_for_feed()

    def item_title(self, item: Story):
        return xml_text(item.title)

    def item_description(self, item: Story):
        return xml_text(sanitize_html(story_html(item)))

    def item_link(self, item: Story):
        return reverse("dragoman:story", kwargs={"pk": item.pk})

    def item_guid(self, item: Story):
        return self.item_link(item)

    def item_pubdate(self, item: Story):
        return item.first_seen

    def item_updateddate(self, item: Story):
        return item.last_update


class StoriesRssFeed(StoriesAtomFeed):
    feed_type = Rss
    flavour = "rss"


def stories_json_feed(request):
    """JSON Feed 1.1 of the stories."""
    absolute = request.build_absolute_uri
    words = phrases(settings.SITE_LANGUAGE)
    items = []
    for story in listed_for_feed():
        url = absolute(reverse("dragoman:story", kwargs={"pk": story.pk}))
        items.append(
            {
                "id": url,
                "url": url,
                "title": story.title,
                "content_html": sanitize_html(story_html(story)),
                "summary": " ".join(s["text"] for s in story.summary or [] if isinstance(s, dict) and s.get("text")) or None,
                "date_published": story.first_seen.isoformat(),
                "date_modified": story.last_update.isoformat(),
                "language": settings.SITE_LANGUAGE,
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{settings.SITE_NAME}: {words['stories']}",
        "home_page_url": absolute(reverse("dragoman:stories")),
        "feed_url": absolute(reverse("dragoman:stories-json")),
        "description": words["stories_feed"],
        "language": settings.SITE_LANGUAGE,
        "items": [{k: v for k, v in item.items() if v is not None} for item in items],
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    return response
