from django.db import models


class LoginThrottle(models.Model):
    """Failed admin logins for one key: a client address (``ip:...``) or a user name (``user:<hash>``)."""

    key = models.CharField(max_length=100, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "login throttle"

    def __str__(self) -> str:
        return f"{self.key}: {self.failures} failures, last at {self.last_failure_at:%Y-%m-%d %H:%M:%S}"
