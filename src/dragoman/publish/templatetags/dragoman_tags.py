from django import template
from django.utils.safestring import mark_safe

from dragoman.publish.languages import direction, format_day
from dragoman.sanitize import sanitize_html

register = template.Library()

#: Characters that could end a <script> data block or start markup inside it, as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def clean_html(value: str) -> str:
    """Stored HTML is sanitized when stored; it is sanitized again here, last before the reader."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - the sanitizer's output is what is trusted


@register.filter
def json_ld(value: str) -> str:
    """A JSON document made safe to sit inside ``<script type="application/ld+json">``: no ``<``, ``>`` or
    ``&`` left that could close the element (they are valid JSON escapes)."""
    return mark_safe(value.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - nothing left that ends the element


@register.filter
def text_direction(language: str) -> str:
    return direction(language)


@register.filter(expects_localtime=True, is_safe=False)
def iso(moment) -> str:
    """``moment|date:"c"`` (ISO 8601; a time in the current time zone, as the template engine hands it to a
    filter that expects local time) without Django's date formatting machinery, for the pages that show one per
    article (a sitemap, a listing): ``moment.isoformat()``, and "" for what is no date."""
    if moment in (None, ""):
        return ""
    try:
        return moment.isoformat()
    except AttributeError:
        return ""


@register.filter
def local_day(moment, language: str) -> str:
    """The date as ``language`` writes it in running text."""
    return format_day(moment, language)


@register.simple_tag
def phrase(text: str, **values) -> str:
    """One of the site's phrases with its ``{fields}`` filled in: escaped, and isolated where they are
    names or numbers (see :func:`dragoman.publish.attribution.render_phrase`)."""
    from dragoman.publish.attribution import render_phrase

    return render_phrase(text, {name: str(value) for name, value in values.items()})


@register.filter
def isolate(value: str, language: str) -> str:
    """Sanitized HTML with its Latin runs isolated when ``language`` is right to left (see publish.bidi)."""
    from dragoman.publish.bidi import isolate_html

    return isolate_html(str(value or ""), language)


@register.filter
def isolate_text(value: str, language: str) -> str:
    """Plain text, escaped, with its Latin runs isolated when ``language`` is right to left."""
    from dragoman.publish.bidi import isolate_text as isolate_plain

    return isolate_plain(str(value or ""), language)
