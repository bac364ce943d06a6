from django.core.management.base import BaseCommand

from dragoman.publish.search import reindex


class Command(BaseCommand):
    help = "Rebuild the search index of the published translations (after an import or a restore)."

    def handle(self, *args, **options):
        count = reindex()
        self.stdout.write(f"indexed {count} published translations")
