"""The shipped attribution templates (en, es, ar, fr) as rows the operator can edit in the admin."""

from django.db import migrations

SHIPPED = ("en", "es", "ar", "fr")


def add_defaults(apps, schema_editor):
    from dragoman.publish.phrases import attribution_defaults

    AttributionTemplate = apps.get_model("publish", "AttributionTemplate")
    for language in SHIPPED:
        AttributionTemplate.objects.get_or_create(language=language, defaults=attribution_defaults(language))


class Migration(migrations.Migration):
    dependencies = [("publish", "0002_wordpress_attribution")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
