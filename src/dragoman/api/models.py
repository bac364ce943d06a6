from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A user's API token: requests signed with it act as the user, with the user's permissions (read-only:
    only reading). Only the token's SHA-256 digest is stored; the token itself is shown once, when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for (a CMS, a script...).")
    prefix = models.CharField(max_length=16, editable=False, help_text="The token's first characters, to tell it apart.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(default=False, help_text="Only reading: every request that would change something is refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set: the token is refused.")

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        kind = "read-only" if self.read_only else "read-write"
        state = ", revoked" if self.revoked_at else ""
        return f"{self.prefix}… of {self.user} ({kind}{state})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
