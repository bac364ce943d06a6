from django import template
from django.utils.safestring import mark_safe

from dragoman.sanitize import sanitize_html

register = template.Library()


@register.filter
def clean_html(value: str) -> str:
    """Stored HTML is sanitized when stored; it is sanitized again here, last before the reader."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - the sanitizer's output is what is trusted
