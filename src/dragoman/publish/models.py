from django.db import models
from django.utils import timezone

from dragoman.articles.models import Translation


class Publication(models.Model):
    """A translation put out on one target. Unique per (translation, target): publishing twice changes nothing."""

    class Target(models.TextChoices):
        SITE = "site", "Built-in site"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="publications")
    target = models.CharField(max_length=32, choices=Target.choices, default=Target.SITE)
    external_id = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["translation", "target"], name="publication_unique_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.translation} on {self.target}"
