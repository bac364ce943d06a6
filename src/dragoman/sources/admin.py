from django.contrib import admin

from dragoman.sources.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "url", "target_languages", "engine", "enabled", "next_check_at", "error_count"]
    list_filter = ["enabled", "engine", "source_language"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_checked_at", "etag", "last_modified", "error_count", "last_error", "created_at"]
