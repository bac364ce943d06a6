"""Everything from outside is escaped by the templates: nothing is marked safe but the sanitizer's output
(the ``clean_html`` filter) and text escaped piece by piece (``format_html``, the attribution's phrases).

A new place that marks HTML safe fails here until it is reviewed and listed below, with its reason."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "dragoman"
#: The only places allowed to mark text as safe HTML, and why.
MARKS_SAFE = {
    "publish/templatetags/dragoman_tags.py",  # clean_html: the sanitizer's output
    "publish/attribution.py",  # render_phrase: joins parts it escaped one by one
    "publish/bidi.py",  # isolate_*: escaped text, or the sanitized tree re-serialized by lxml with <bdi> added
    "articles/charts.py",  # the admin's SVG charts: drawn here, every name escaped
}
FORMATS_HTML = {
    "publish/attribution.py",  # format_html escapes every value it is given
    "publish/phrases.py",
    "publish/languages.py",  # format_date_time: Babel's date and time, escaped, the UTC offset in <bdi>
}


def test_templates_never_turn_escaping_off():
    for template in SRC.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe(seq)?\b|autoescape\s+off|\{%\s*filter\s+safe", text), template


def test_only_the_sanitizer_marks_html_safe():
    for module in SRC.glob("**/*.py"):
        relative = module.relative_to(SRC).as_posix()
        text = module.read_text(encoding="utf-8")
        if re.search(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(", text):
            assert relative in MARKS_SAFE, relative
        if "format_html(" in text:
            assert relative in FORMATS_HTML, relative
    tags = (SRC / "publish/templatetags/dragoman_tags.py").read_text(encoding="utf-8")
    assert "mark_safe(sanitize_html(" in tags
