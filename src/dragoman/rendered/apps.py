from django.apps import AppConfig


class RenderedConfig(AppConfig):
    name = "dragoman.rendered"
    label = "rendered"
    verbose_name = "Rendered pages"

    def ready(self) -> None:
        from dragoman.rendered import signals  # noqa: F401  (the pages follow the translations)
