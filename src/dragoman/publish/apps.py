from django.apps import AppConfig
from django.db.models.signals import post_migrate

#: The languages whose attribution template ships as a row the operator can edit in the admin.
SHIPPED_TEMPLATES = ("en", "es", "ar", "fr")


def ensure_shipped_templates(using: str = "default", **kwargs) -> None:
    """Give back, with its defaults, any shipped attribution template that is missing (run after every migrate,
    and after a flush of the database, as Django does for its permissions); one the operator edited stays as it
    is. A language without a template is attributed in English."""
    from django.db import connections

    from dragoman.publish.models import AttributionTemplate
    from dragoman.publish.phrases import attribution_defaults

    if AttributionTemplate._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back before the table
    for language in SHIPPED_TEMPLATES:
        AttributionTemplate.objects.using(using).get_or_create(language=language, defaults=attribution_defaults(language))


class PublishConfig(AppConfig):
    name = "dragoman.publish"
    label = "publish"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from dragoman.publish import attribution, search  # noqa: F401  (the index and the pages follow their rows)

        post_migrate.connect(ensure_shipped_templates, sender=self, dispatch_uid="dragoman-attribution-templates")
