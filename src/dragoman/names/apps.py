from django.apps import AppConfig


class NamesConfig(AppConfig):
    name = "dragoman.names"
    label = "names"
    verbose_name = "Names"
    default_auto_field = "django.db.models.BigAutoField"
