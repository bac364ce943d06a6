from django.conf import settings
from django.contrib import admin

from dragoman.sources.models import SiteRule, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "url", "target_languages", "engine", "mode", "priority", "since_days", "enabled",
                    "next_check_at", "error_count"]  # fmt: skip
    list_filter = ["enabled", "engine", "source_language", "mode"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_checked_at", "etag", "last_modified", "error_count", "last_error", "created_at",
                       "claimed_by", "lease_until"]  # the workers' leases: theirs to set

    def get_changeform_initial_data(self, request):
        """A new source is offered the first-import window `dragoman sources add` gives (DRAGOMAN_IMPORT_WINDOW_DAYS)."""
        return {"since_days": settings.IMPORT_WINDOW_DAYS or None, **super().get_changeform_initial_data(request)}


@admin.register(SiteRule)
class SiteRuleAdmin(admin.ModelAdmin):
    """Per-site extraction rules; a selector that is not valid CSS is refused when saved."""

    list_display = ["domain", "enabled", "body_selector", "author_selector", "date_selector", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["domain", "notes"]
    fieldsets = [
        (None, {"fields": ["domain", "enabled", "notes"]}),
        ("Selectors (CSS)", {
            "fields": ["body_selector", "remove_selectors", "title_selector", "author_selector", "date_selector"],
            "description": "Each overrides the automatic choice when it matches; leave empty for automatic.",
        }),
    ]  # fmt: skip
