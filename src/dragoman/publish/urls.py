from django.urls import path, re_path

from dragoman.publish import views
from dragoman.publish.feeds import StoriesAtomFeed, StoriesRssFeed, TranslationsAtomFeed, TranslationsRssFeed, json_feed, stories_json_feed

app_name = "dragoman"


def _feeds(prefix: str, name: str) -> list:
    """Atom, RSS 2.0 and JSON Feed under one prefix."""
    return [
        path(f"{prefix}atom.xml", TranslationsAtomFeed(), name=f"{name}-atom"),
        path(f"{prefix}rss.xml", TranslationsRssFeed(), name=f"{name}-rss"),
        path(f"{prefix}feed.json", json_feed, name=f"{name}-json"),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<str:slug>/", views.article, name="article"),
    path("articles/<int:pk>/<str:slug>/bilingual/", views.bilingual, name="bilingual"),
    path("sources/<str:slug>/", views.source, name="source"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("days/<int:year>-<int:month>-<int:day>/", views.day, name="day"),
    path("languages/<str:language>/", views.language, name="language"),
    path("search/", views.search, name="search"),
    path("stories/", views.stories, name="stories"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("stories/atom.xml", StoriesAtomFeed(), name="stories-atom"),
    path("stories/rss.xml", StoriesRssFeed(), name="stories-rss"),
    path("stories/feed.json", stories_json_feed, name="stories-json"),
    *_feeds("feeds/", "feed"),
    *_feeds("sources/<str:slug>/", "source-feed"),
    *_feeds("languages/<str:language>/", "language-feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots, name="robots"),
    # Lead images copied from the sources. Behind a reverse proxy at scale, let it serve MEDIA_ROOT instead.
    re_path(r"^media/(?P<path>images/[\w.-]+)$", views.media, name="media"),
]
