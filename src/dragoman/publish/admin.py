from django.contrib import admin

from dragoman.publish.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["translation", "target", "external_id", "published_at"]
    list_filter = ["target"]
    raw_id_fields = ["translation"]
