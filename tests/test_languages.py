"""One table of right-to-left languages (dragoman.languages), used by the extractor, the translation's
degraded units and the site alike."""

from __future__ import annotations

import pytest

from dragoman import languages
from dragoman.extract import article
from dragoman.extract.article import Article
from dragoman.publish import languages as site_languages
from dragoman.translate import degrade
from dragoman.translate.degrade import Kept


@pytest.mark.parametrize(
    "code, expected",
    [("ar", "rtl"), ("ar-LB", "rtl"), ("fa_IR", "rtl"), ("HE", "rtl"), ("ckb", "rtl"), ("ks", "rtl"),
     ("ku", "ltr"), ("en", "ltr"), ("es-419", "ltr"), ("", "ltr"), (None, "ltr")],
)  # fmt: skip
def test_direction(code, expected):
    assert languages.direction(code) == expected


def test_base_language():
    assert languages.base_language("pt_BR") == "pt"
    assert languages.base_language("zh-Hant-TW") == "zh"
    assert languages.base_language(None) == ""
    assert site_languages.base_language("") == "en"  # the site shows a page without a language as English


def test_no_module_keeps_a_table_of_its_own():
    for module in (article, degrade, site_languages):
        assert not hasattr(module, "RTL_LANGUAGES"), module.__name__
    assert site_languages.direction is languages.direction


def test_every_part_reads_the_one_table():
    assert 'dir="rtl"' in Article(url="https://example.org/a", language="ur", text="x").to_html()
    assert 'dir="ltr"' in Article(url="https://example.org/a", language="ku", text="x").to_html()
    assert Kept(source="ckb", target="en").directions_differ
    assert not Kept(source="ku", target="en").directions_differ
    assert site_languages.direction("ar-SY") == "rtl"
