from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "dragoman.security"
    label = "security"
    verbose_name = "Security"
    default = True

    def ready(self) -> None:
        from django.core import checks

        from dragoman.security import checks as ours

        checks.register(ours.check_fetch_allow, checks.Tags.security)
        checks.register(ours.check_debug, checks.Tags.security, deploy=True)
        checks.register(ours.check_secret_key, checks.Tags.security, deploy=True)
        checks.register(ours.check_https_proxy, checks.Tags.security, deploy=True)
