from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ArticlesConfig(AppConfig):
    name = "dragoman.articles"
    label = "articles"
    verbose_name = "Articles and translations"

    def ready(self) -> None:
        register_extra_engines(settings.EXTRA_ENGINES)


def register_extra_engines(entries: list[str]) -> None:
    """Register the engines named in DRAGOMAN_EXTRA_ENGINES ("package.module:Class", comma-separated): engines
    that live outside Dragoman and are not installed as plugins (those are found by their entry points), and
    the tests' fake engines in the worker processes they start."""
    from dragoman.translate.engines import register_named

    try:
        register_named(entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DRAGOMAN_EXTRA_ENGINES: {exc}") from None
