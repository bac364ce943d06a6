"""The translation memory in the database (DatabaseMemory): what is stored is found again, in batches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.models import TranslationMemoryEntry
from dragoman.translate.memory import MemoryKey

pytestmark = pytest.mark.django_db

KEY = MemoryKey("test-upper", "1", "en", "es")


def test_units_stored_in_several_batches_are_found_again_and_a_second_store_keeps_the_first():
    memory = DatabaseMemory()
    pairs = {f"Sentence number {n}.": f"FRASE NÚMERO {n}." for n in range(250)}  # three batches

    memory.store(KEY, pairs)
    memory.store(KEY, {"Sentence number 7.": "OTHER", "A new one.": "UNA NUEVA."})

    assert memory.lookup(KEY, [*pairs, "A new one."]) == {**pairs, "A new one.": "UNA NUEVA."}
    assert memory.lookup(MemoryKey("test-upper", "2", "en", "es"), list(pairs)) == {}  # another engine version
    created = TranslationMemoryEntry.objects.values_list("created_at", flat=True)
    assert len(created) == 251 and all(abs(timezone.now() - moment) < timedelta(minutes=1) for moment in created)
