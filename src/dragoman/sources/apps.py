from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "dragoman.sources"
    label = "sources"
    verbose_name = "Sources"
