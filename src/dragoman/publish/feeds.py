"""Atom feed of the published translations."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from dragoman.articles.models import Translation
from dragoman.publish.phrases import phrases
from dragoman.sanitize import sanitize_html


class LatestTranslationsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"{settings.SITE_NAME}: {phrases(settings.SITE_LANGUAGE)['latest']}"

    def link(self):
        return reverse("dragoman:home")

    def subtitle(self):
        return phrases(settings.SITE_LANGUAGE)["feed"]

    def items(self):
        return (
            Translation.objects.filter(state=Translation.State.PUBLISHED)
            .select_related("article")
            .order_by("-published_at")[:50]
        )

    def item_title(self, item: Translation):
        return item.title

    def item_description(self, item: Translation):
        return sanitize_html(item.body_html)

    def item_link(self, item: Translation):
        return reverse("dragoman:article", kwargs={"pk": item.pk, "slug": item.slug})

    def item_author_name(self, item: Translation):
        return item.article.author or None

    def item_pubdate(self, item: Translation):
        return item.article.published_at or item.published_at

    def item_updateddate(self, item: Translation):
        return item.published_at

    def item_extra_kwargs(self, item: Translation):
        return {"language": item.target_language}
