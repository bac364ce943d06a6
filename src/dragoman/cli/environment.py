"""Django, set up once by ``main`` before a command that needs it, and what the settings say.

Every command declares what it needs (``set_defaults(django=...)``, one of ``common.MIGRATE``, ``SETUP``,
``SETTINGS``, ``NONE``).
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError

from dragoman.cli.common import MIGRATE, NONE, SETUP, CommandError
from dragoman.fetch import Fetcher
from dragoman.sources.fetching import default_fetcher

#: The PostgreSQL advisory lock held while migrating ("dragoman"), so that workers started together on a
#: new database do not race to create the same tables.
MIGRATION_LOCK = 0x647261676F6D616E


def prepare(need: str) -> None:
    """Make ready what a command declared it needs."""
    if need == NONE:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
    if need in (SETUP, MIGRATE):
        setup()
    if need == MIGRATE:
        migrate()


def setup() -> None:
    """Configure Django (the embedded SQLite database's folder is created on the way)."""
    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def migrate() -> None:
    """Bring the schema up to date; on PostgreSQL under an advisory lock (``MIGRATION_LOCK``)."""
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
            try:
                call_command("migrate", verbosity=0, interactive=False)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        else:
            call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        raise CommandError(f"cannot open the database ({exc}); check DRAGOMAN_DATABASE_URL") from None


def database_exists() -> bool:
    """Whether there is a database to read: DRAGOMAN_DATABASE_URL is set, or the embedded SQLite file exists
    (a command that only reads never creates one)."""
    if os.environ.get("DRAGOMAN_DATABASE_URL"):
        return True
    db = settings.DATABASES["default"]
    return not db["ENGINE"].endswith("sqlite3") or Path(db["NAME"]).is_file()


def default_engine() -> str:
    """The engine a command uses when ``--engine`` is not given: the DEFAULT_ENGINE setting."""
    return settings.DEFAULT_ENGINE


def fetcher(*, allow: tuple[str, ...] = ()) -> Fetcher:
    """The HTTP client the settings describe (:func:`dragoman.sources.fetching.default_fetcher`), ``allow`` added
    to its allowlist (the demo's own server); a malformed DRAGOMAN_FETCH_ALLOW is a one-line error."""
    try:
        return default_fetcher(allow=allow)
    except ValueError as exc:
        raise CommandError(f"DRAGOMAN_FETCH_ALLOW: {exc}") from None
