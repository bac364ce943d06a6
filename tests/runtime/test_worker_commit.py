"""A worker's PostgreSQL connections commit without waiting for the disk (DRAGOMAN_WORKER_SYNCHRONOUS_COMMIT,
off by default), on a real server; other processes keep PostgreSQL's default."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.services import postgres_database

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = r"""
import sys, django
django.setup()
from django.db import connection
def setting():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]
before = setting()
from dragoman.runtime.worker import commit_asynchronously
commit_asynchronously()
print(before, setting())
"""


def show(database_url: str) -> list[str]:
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "dragoman.settings",
           "PYTHONPATH": os.pathsep.join([REPO, os.path.join(REPO, "src")])}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_worker_connections_commit_without_waiting_for_the_disk(postgres):
    with postgres_database(postgres) as url:
        assert show(url) == ["on", "off"]  # the connection opened before reconnects with the setting
