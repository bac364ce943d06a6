from django.conf import settings
from django.urls import reverse

from dragoman.publish.languages import direction
from dragoman.publish.phrases import phrases, powered_by


def site(request):
    """Defaults for every page; article pages override lang, dir, words and feeds with their translation's."""
    language = settings.SITE_LANGUAGE
    return {
        "powered": powered_by(language),
        "site_name": settings.SITE_NAME,
        "lang": language,
        "dir": direction(language),
        "words": phrases(language),
        "feeds": {kind: reverse(f"dragoman:feed-{kind}") for kind in ("atom", "rss", "json")},
    }
