from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API and its tokens. The tokens live here, not in the security app: only the API reads them,
    and the security app stays what every part of Dragoman may use (the login throttle, the checks)."""

    name = "dragoman.api"
    label = "api"
    verbose_name = "API"
