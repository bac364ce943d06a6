from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "dragoman.rules"
    label = "rules"
    verbose_name = "Filters and rewrite rules"
