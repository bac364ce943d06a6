from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "dragoman.publish"
    label = "publish"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from dragoman.publish import search  # noqa: F401  (keeps the search index in step with translations)
