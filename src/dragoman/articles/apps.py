from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "dragoman.articles"
    label = "articles"
    verbose_name = "Articles and translations"
