from django.conf import settings

from dragoman.publish.languages import direction
from dragoman.publish.phrases import phrases


def site(request):
    """Defaults for every page; article pages override lang, dir and words with their translation's."""
    language = settings.SITE_LANGUAGE
    return {
        "site_name": settings.SITE_NAME,
        "lang": language,
        "dir": direction(language),
        "words": phrases(language),
    }
