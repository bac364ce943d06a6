from django import forms
from django.contrib import admin

from dragoman.publish.models import AttributionTemplate, Publication, WordPressTarget


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["translation", "target", "wordpress", "external_id", "published_at", "updated_at"]
    list_filter = ["target", "wordpress"]
    raw_id_fields = ["translation"]


class WordPressTargetForm(forms.ModelForm):
    class Meta:
        model = WordPressTarget
        fields = "__all__"
        # The stored password is never shown back; leaving the field empty keeps it.
        widgets = {"application_password": forms.PasswordInput(render_value=False)}

    def clean_application_password(self):
        return self.cleaned_data.get("application_password") or (self.instance.application_password or "")


@admin.register(WordPressTarget)
class WordPressTargetAdmin(admin.ModelAdmin):
    form = WordPressTargetForm
    list_display = ["name", "site_url", "username", "status", "enabled"]
    list_filter = ["status", "enabled"]
    filter_horizontal = ["sources"]
    fieldsets = [
        (None, {"fields": ["name", "site_url", "enabled", "sources", "languages", "status"]}),
        ("Credentials", {
            "fields": ["username", "application_password", "password_env"],
            "description": "An application password (WordPress: Users → Profile → Application Passwords).",
        }),
        ("Mapping", {"fields": ["default_author", "author_map", "default_categories", "category_map", "tag_map"]}),
    ]  # fmt: skip


@admin.register(AttributionTemplate)
class AttributionTemplateAdmin(admin.ModelAdmin):
    """The attribution block's words per target language; fields in braces are listed on the model."""

    list_display = ["language", "heading", "updated_at"]
    search_fields = ["language", "heading"]
    fieldsets = [
        (None, {"fields": ["language", "heading"]}),
        ("Labels", {"fields": ["source_label", "author_label", "unknown_author", "published_label", "original_link"]}),
        ("Sentences", {
            "fields": ["translated_by", "disclaimer"],
            "description": "Fields: {site}, {original_link}, {author}, {published}, {source_language}, "
                           "{target_language}, {engine}. Text and values are escaped.",
        }),
    ]  # fmt: skip
