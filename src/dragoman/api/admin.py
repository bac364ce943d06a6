from django.contrib import admin, messages
from django.utils import timezone

from dragoman.api.models import ApiToken
from dragoman.api.tokens import mint


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made here (the token is shown once, in the message after saving) and revoked with the
    action; what a token may do is what its user may do."""

    list_display = ("prefix", "user", "name", "read_only", "created_at", "last_used_at", "revoked_at")
    list_filter = ("read_only", "revoked_at")
    search_fields = ("prefix", "name", "user__username")
    fields = ("user", "name", "read_only", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # a token's user and reach are fixed once it exists: make another instead
        return (*self.readonly_fields, "user", "read_only") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            token = mint(obj)
            super().save_model(request, obj, form, change)
            messages.warning(request, f"The new token, shown only now: {token}")
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        messages.success(request, f"{count} token(s) revoked.")
