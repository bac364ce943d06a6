from django.contrib import admin, messages
from django.utils.html import format_html_join

from dragoman.articles.models import (
    Article,
    EngineUsage,
    Entry,
    GlossaryTerm,
    Revision,
    Translation,
    TranslationMemoryEntry,
)
from dragoman.articles.modes import UpgradeError, upgrade_to_full
from dragoman.articles.pipeline import Pipeline
from dragoman.articles.previews import latest_article
from dragoman.articles.release import ReleaseError, release
from dragoman.rules.admin import preview_articles_from

preview_articles_from(latest_article)  # a rewrite rule's preview shows it on the latest article of its scope


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "state", "failed_step", "why", "attempts", "created_at"]
    list_filter = ["state", "source"]
    search_fields = ["title", "url"]
    readonly_fields = ["key", "created_at", "updated_at", "claimed_by", "lease_until"]
    actions = ["release_entries"]

    @admin.display(description="why (failed, set aside, filtered: the rule, archived)")
    def why(self, entry: Entry) -> str:
        return entry.error[:120]

    @admin.action(description="Release (filtered: translate; archived: fetch)")
    def release_entries(self, request, queryset):
        """Each selected entry released (:func:`dragoman.articles.release.release`); one that cannot be is said."""
        with Pipeline() as pipeline:
            for pk in queryset.values_list("pk", flat=True):
                try:
                    self.message_user(request, release(pk, by=request.user.get_username(), pipeline=pipeline))
                except ReleaseError as exc:
                    self.message_user(request, str(exc), messages.WARNING)


class TranslationInline(admin.TabularInline):
    model = Translation
    fields = ["target_language", "engine", "state", "title", "degraded_units", "error"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    change_list_template = "admin/dragoman/change_list_with_activity.html"
    list_display = ["title", "site_name", "author", "published_at", "language", "declared_language"]
    list_filter = ["language", "entry__source"]
    search_fields = ["title", "text"]
    inlines = [TranslationInline]
    raw_id_fields = ["entry"]


class DegradedFilter(admin.SimpleListFilter):
    title = "degraded units"
    parameter_name = "degraded"

    def lookups(self, request, model_admin):
        return [("yes", "some"), ("no", "none")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(degraded_units__gt=0)
        if self.value() == "no":
            return queryset.filter(degraded_units=0)
        return queryset


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "target_language", "engine", "state", "mode", "why", "units", "degraded_units",
                    "cache_hits", "engine_chars", "published_at"]  # fmt: skip
    list_filter = ["state", "mode", DegradedFilter, "target_language", "engine"]
    actions = ["translate_in_full"]
    search_fields = ["title", "article__title"]
    readonly_fields = ["engine_version", "units", "degraded_units", "degradation_list", "cache_hits", "engine_chars",
                       "created_at", "translated_at", "claimed_by", "lease_until"]  # fmt: skip
    exclude = ["degradations"]
    raw_id_fields = ["article"]

    @admin.display(description="why units were degraded")
    def degradation_list(self, translation: Translation):
        reasons = translation.degradation_reasons
        if not reasons:
            return "none"
        return format_html_join("", "<p>{}</p>", ((reason,) for reason in reasons))  # each reason escaped

    @admin.display(description="why (failed or set aside)")
    def why(self, translation: Translation) -> str:
        return translation.error[:120]

    @admin.action(description="Translate in full (translations of the title, or title and standfirst)")
    def translate_in_full(self, request, queryset):
        """Upgrade each selected partial translation to a full one (dragoman.articles.modes.upgrade_to_full);
        one that cannot be upgraded is named with the reason, and the others go on."""
        upgraded = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                upgrade_to_full(pk)
                upgraded += 1
            except UpgradeError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if upgraded:
            self.message_user(request, f"{upgraded} translation(s) will be translated in full and published again.")


@admin.register(TranslationMemoryEntry)
class TranslationMemoryAdmin(admin.ModelAdmin):
    list_display = ["source_text", "target_text", "engine", "source_language", "target_language"]
    list_filter = ["engine", "source_language", "target_language"]
    search_fields = ["source_text", "target_text"]


@admin.register(EngineUsage)
class EngineUsageAdmin(admin.ModelAdmin):
    change_list_template = "admin/dragoman/change_list_with_activity.html"
    list_display = ["day", "engine", "characters", "requests"]
    list_filter = ["engine"]
    date_hierarchy = "day"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["source_term", "target_term", "source_language", "target_language", "kind"]
    list_filter = ["source_language", "target_language", "kind"]
    search_fields = ["source_term", "target_term"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Editors' corrections, kept (made in the review queue at /review/, read here)."""

    list_display = ["translation", "kind", "editor", "created_at", "note"]
    list_filter = ["kind"]
    search_fields = ["title", "translation__title"]
    raw_id_fields = ["translation"]
    readonly_fields = ["translation", "kind", "title", "subtitle", "body_html", "editor", "note", "created_at"]

    def has_add_permission(self, request):
        return False
