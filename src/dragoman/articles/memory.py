"""The translation memory, kept in the database (implements dragoman.translate.memory.Memory)."""

from __future__ import annotations

from django.db import transaction

from dragoman.articles.models import TranslationMemoryEntry, sha256_hex
from dragoman.translate.memory import MemoryKey


class DatabaseMemory:
    """Units already translated, by engine, engine version and language pair."""

    def _scope(self, key: MemoryKey) -> dict:
        return {
            "engine": key.engine,
            "engine_version": key.version,
            "source_language": key.source,
            "target_language": key.target,
        }

    def lookup(self, key: MemoryKey, source_texts: list[str]) -> dict[str, str]:
        by_hash = {sha256_hex(text): text for text in source_texts}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        for start in range(0, len(hashes), 500):  # stay under SQLite's parameter limit
            rows = TranslationMemoryEntry.objects.filter(
                **self._scope(key), source_hash__in=hashes[start : start + 500]
            ).values_list("source_hash", "source_text", "target_text")
            for source_hash, source_text, target_text in rows:
                if by_hash.get(source_hash) == source_text:
                    found[source_text] = target_text
        return found

    def store(self, key: MemoryKey, pairs: dict[str, str]) -> None:
        scope = self._scope(key)
        rows = [
            TranslationMemoryEntry(**scope, source_hash=sha256_hex(source), source_text=source, target_text=target)
            for source, target in pairs.items()
        ]
        # one statement per batch (bulk_create makes several batches one transaction); a unit another worker
        # stored meanwhile is left as it is
        TranslationMemoryEntry.objects.bulk_create(rows, ignore_conflicts=True)

    def correct(self, key: MemoryKey, pairs: dict[str, str]) -> None:
        """Store an editor's translations, replacing what the engine gave: next time the editor's is used."""
        scope = self._scope(key)
        with transaction.atomic():
            for source, target in pairs.items():
                TranslationMemoryEntry.objects.update_or_create(
                    **scope, source_hash=sha256_hex(source), defaults={"source_text": source, "target_text": target}
                )
