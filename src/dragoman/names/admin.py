from django.contrib import admin

from dragoman.names.models import ArticleNames, KnownName, NameCorrection, TranslationNames


@admin.register(KnownName)
class KnownNameAdmin(admin.ModelAdmin):
    list_display = ("name", "form", "origin", "source_language", "target_language", "seen", "updated_at")
    list_filter = ("source_language", "target_language", "origin")
    search_fields = ("name", "form")


@admin.register(NameCorrection)
class NameCorrectionAdmin(admin.ModelAdmin):
    list_display = ("name", "old_form", "new_form", "state", "editor", "created_at")
    list_filter = ("state",)
    search_fields = ("name", "new_form")
    raw_id_fields = ("translation",)


@admin.register(ArticleNames)
class ArticleNamesAdmin(admin.ModelAdmin):
    list_display = ("article", "__str__")
    raw_id_fields = ("article",)


@admin.register(TranslationNames)
class TranslationNamesAdmin(admin.ModelAdmin):
    list_display = ("translation", "__str__")
    raw_id_fields = ("translation",)
