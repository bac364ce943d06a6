from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "dragoman.publish"
    label = "publish"
    verbose_name = "Publishing"
