"""A page that breaks lxml or trafilatura deep inside is refused with a reason, never a crash."""

import pytest

from dragoman.extract import ExtractionError, extract_article


def test_a_character_reference_lxml_cannot_hold_is_an_extraction_error():
    page = b'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><H1>&#XB</body></html>'
    with pytest.raises(ExtractionError, match="could not be parsed") as raised:
        extract_article(page, "https://news.example/a")
    assert raised.value.reason == "not_html"
