from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dragoman.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from dragoman.stories import placing  # noqa: F401  (places an article written in the site's language once extracted)
