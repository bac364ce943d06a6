"""Protecting names with the neural engine (the tiny CTranslate2 model): it must not hurt."""

from __future__ import annotations

import pytest

from dragoman.translate.engines.ctranslate2 import CTranslate2Engine
from tests.translate.names_measure import articles, measure


@pytest.mark.slow
def test_protection_does_not_hurt_the_neural_engine(models_dir):
    engine = CTranslate2Engine(models_dir=models_dir)
    m = measure(engine, "xx", articles(limit=2, ascii_only=True))
    print(m)
    assert m.articles == 2 and m.names >= 5
    assert m.failed_with == m.failed_without == 0
    assert m.links_kept == m.links
    assert m.differing == 0  # the text around the names exactly as without protection
