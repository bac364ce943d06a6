"""What a pipeline run leaves in the database and under MEDIA_ROOT, taken once and laid down again for each test
that needs it.

The site's tests need a site full of real translations (the demo feed's articles translated and published, with
their images, names, revisions, search entries, translation memory). Running the pipeline for each test cost
seconds per test; :func:`take` runs it once, inside a transaction that it rolls back, and keeps the rows it
created (in every table, as the database stores them) and a copy of the files it wrote under ``MEDIA_ROOT``.
:meth:`Snapshot.restore` inserts those rows again, with their primary keys, into the test's database (the test's
transaction rolls them back afterwards, or its flush removes them) and copies the files into the test's
``MEDIA_ROOT``. The rows are the pipeline's own output, so a test asserts exactly what it asserted after a run of
its own; tests/publish/test_site.py keeps a test that runs the whole pipeline itself.

The rows go back with plain INSERT statements, table by table in an order where foreign keys point backwards:
no model code and no signal runs, and none needs to, since everything the run wrote is among the rows (the search
index too; SQLite's FTS5 table follows it through its triggers). Restoring takes milliseconds.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings


def _models() -> list:
    """Every model with a table of its own (many-to-many tables included), in an order where a row's foreign
    keys point to tables that come before."""
    ordered = serializers.sort_dependencies([(config, None) for config in apps.get_app_configs()], allow_cycles=True)
    models = []
    for model in ordered:
        if model._meta.proxy or not model._meta.managed:
            continue
        models.append(model)
        models.extend(f.remote_field.through for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created)
    return models


def _table(model) -> tuple[list[str], list[tuple]]:
    """The column names of ``model``'s table and its rows, as stored."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}")
        return [c[0] for c in cursor.description], [tuple(row) for row in cursor.fetchall()]


@dataclass
class Snapshot:
    tables: list[tuple[Any, list[str], list[tuple]]]  # (model, columns, new rows), in insertion order
    media: Path  # a copy of MEDIA_ROOT as the run left it
    result: Any  # what the run returned, e.g. the Source's primary key

    def restore(self, media_root: str | Path) -> None:
        """Insert the rows (with their primary keys) and copy the files into ``media_root``."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, columns, rows in self.tables:
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", rows)
            # the next row a test creates takes the next key (PostgreSQL's sequences; SQLite needs nothing)
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _, _ in self.tables]):
                cursor.execute(sql)
        if self.media.exists():
            shutil.copytree(self.media, media_root, dirs_exist_ok=True)


def take(run: Callable[[], Any], media: Path, **settings) -> Snapshot:
    """Run ``run()`` with ``settings`` overridden and ``media`` (a new folder) as MEDIA_ROOT, inside a transaction
    rolled back afterwards: the rows it created, the files it wrote, and what it returned. A run that changes or
    deletes rows it did not create cannot be laid down again by inserting rows, and is refused."""
    models = _models()
    before = {model: _table(model)[1] for model in models}
    tables = []
    with override_settings(MEDIA_ROOT=media, **settings), transaction.atomic():
        result = run()
        for model in models:
            columns, rows = _table(model)
            old = set(before[model])
            if not old <= set(rows):
                raise AssertionError(f"the run changed or deleted rows of {model.__name__} that it did not create")
            # JSON read back as Python values (PostgreSQL) goes back as text
            new = [tuple(json.dumps(v) if isinstance(v, (dict, list)) else v for v in row) for row in rows if row not in old]
            if new:
                tables.append((model, columns, new))
        transaction.set_rollback(True)
    return Snapshot(tables=tables, media=media, result=result)
