from django.conf import settings

from dragoman.publish.languages import direction
from dragoman.publish.phrases import phrases, powered_by


def site(request):
    """Defaults for every page; article pages override lang, dir and words with their translation's."""
    language = settings.SITE_LANGUAGE
    return {
        "powered": powered_by(language),
        "site_name": settings.SITE_NAME,
        "lang": language,
        "dir": direction(language),
        "words": phrases(language),
    }
