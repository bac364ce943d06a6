"""The translation memory, kept in the database (implements dragoman.translate.memory.Memory)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from dragoman.articles.models import TranslationMemoryEntry, sha256_hex
from dragoman.translate.memory import MemoryKey

#: The columns :meth:`DatabaseMemory.store` writes, and the rows per statement (under SQLite's old limit of
#: 999 parameters).
_COLUMNS = ("engine", "engine_version", "source_language", "target_language", "source_hash", "source_text", "target_text",
            "created_at")  # fmt: skip
_BATCH = 100


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
        """One statement per batch of units, each committed at once (no transaction around them: a batch
        stored without the others is still good to use); a unit another worker stored meanwhile is left as it is."""
        created = TranslationMemoryEntry._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
        rows = sorted(  # in the order of the unique key: two workers storing some of the same units never deadlock
            (key.engine, key.version, key.source, key.target, sha256_hex(source), source, target, created)
            for source, target in pairs.items()
        )
        table = connection.ops.quote_name(TranslationMemoryEntry._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
        row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), _BATCH):
                batch = rows[start : start + _BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))} ON CONFLICT DO NOTHING",
                    [value for values in batch for value in values],
                )

    def correct(self, key: MemoryKey, pairs: dict[str, str]) -> None:
        """Store an editor's translations, replacing what the engine gave: next time the editor's is used."""
        scope = self._scope(key)
        with transaction.atomic():
            for source, target in pairs.items():
                TranslationMemoryEntry.objects.update_or_create(
                    **scope, source_hash=sha256_hex(source), defaults={"source_text": source, "target_text": target}
                )
