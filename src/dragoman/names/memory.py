"""The names memory in the database (implements :class:`dragoman.translate.names.NamesMemory`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection
from django.utils import timezone

from dragoman.names.models import KnownName

#: The columns :meth:`DatabaseNames.store` writes (updated_at too: the row's time), and the rows per statement.
_COLUMNS = ("source_language", "target_language", "name", "form", "origin", "seen", "created_at", "updated_at")
_BATCH = 100


class DatabaseNames:
    """Names seen in earlier articles of each pair, with their forms."""

    def lookup(self, source: str, target: str, names: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(names), 500):  # stay under SQLite's parameter limit
            rows = KnownName.objects.filter(
                source_language=source, target_language=target, name__in=names[start : start + 500]
            ).values_list("name", "form", "origin")
            found.update({name: (form, origin) for name, form, origin in rows})
        return found

    def store(self, source: str, target: str, forms: Mapping[str, tuple[str, str]]) -> None:
        """One statement: new names are added; a name seen again counts once more and keeps the form it has
        (one spelling; an editor's form comes through :meth:`correct`)."""
        # in the order of the unique key (a name cut to its column keeps one row): two workers storing some of the
        # same names lock their rows in one order, so neither waits for the other in a circle (a deadlock)
        now = KnownName._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
        by_name = {name[:300]: (form[:300], origin) for name, (form, origin) in forms.items() if name and form}
        rows = [(source, target, name, form, origin, 1, now, now) for name, (form, origin) in sorted(by_name.items())]
        if not rows:
            return
        table = connection.ops.quote_name(KnownName._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
        conflict = ", ".join(connection.ops.quote_name(c) for c in ("source_language", "target_language", "name"))
        seen = connection.ops.quote_name("seen")
        row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), _BATCH):
                batch = rows[start : start + _BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))} "
                    f"ON CONFLICT ({conflict}) DO UPDATE SET {seen} = {table}.{seen} + 1",
                    [value for values in batch for value in values],
                )

    def correct(self, source: str, target: str, name: str, form: str) -> None:
        """An editor's form: it replaces whatever the memory held."""
        KnownName.objects.update_or_create(
            source_language=source, target_language=target, name=name,
            defaults={"form": form, "origin": KnownName.Origin.EDITOR},
        )  # fmt: skip
