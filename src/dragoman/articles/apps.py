from importlib import import_module

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
    that live outside Dragoman (plugins), and the tests' fake engines in the worker processes they start."""
    from dragoman.translate.engines import register

    for entry in entries:
        module_name, _, class_name = entry.partition(":")
        try:
            engine_cls = getattr(import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ImproperlyConfigured(f"DRAGOMAN_EXTRA_ENGINES: cannot load {entry!r} ({exc})") from None
        register(engine_cls)
