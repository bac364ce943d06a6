"""Workers racing for the last characters of a budget never spend more than it: threads of one process on
SQLite (a file, as in the embedded mode), and on a real PostgreSQL (the scaled mode)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.services import postgres_database, postgres_server

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT, BATCH, THREADS = 10_000, 70, 8

SCRIPT = r"""
import json, sys, threading, time
import django
django.setup()
from django.core.management import call_command
from django.db import connections
call_command("migrate", verbosity=0, interactive=False)
from dragoman.budgets.limits import set_budget
from dragoman.budgets.models import Budget, Usage
from dragoman.budgets.spending import BudgetReached, reserve

limit, batch, threads = (int(arg) for arg in sys.argv[1:4])
set_budget("deepl", daily=limit)
start = threading.Barrier(threads)
sent = [0] * threads
refused = [0] * threads

def work(i):
    try:
        start.wait()
        while True:
            try:
                reserve("deepl", batch)
            except BudgetReached:
                refused[i] += 1
                break
            sent[i] += batch
            time.sleep(0.001)  # a worker does other work between two batches: the others get their turn
    finally:
        connections.close_all()

workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(json.dumps({"sent": sent, "refused": refused, "counted": Budget.objects.get().spent_today,
                  "usage": sum(Usage.objects.values_list("characters", flat=True))}))
"""


def race(tmp_path, **env) -> dict:
    env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dragoman.settings",
           "PYTHONPATH": os.pathsep.join([REPO, os.path.join(REPO, "src")]), **env}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(LIMIT), str(BATCH), str(THREADS)], env=env,
                          capture_output=True, text=True, timeout=300, cwd=REPO)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(result: dict, *, raced: bool = True) -> None:
    most = LIMIT // BATCH * BATCH  # what fits in the budget, in whole batches
    assert sum(result["sent"]) == result["counted"] == result["usage"] == most  # every character it allows, no more
    assert result["refused"] == [1] * THREADS  # each thread was told, once
    if raced:
        assert sum(1 for n in result["sent"] if n) > 1  # they did race


@pytest.mark.slow  # starts a process
def test_threads_racing_on_sqlite_never_overspend(tmp_path):
    # SQLite serialises writes: on a loaded machine one thread may take every batch while the others wait for
    # the lock, which proves nothing about racing, but the sums must hold all the same
    check(race(tmp_path), raced=False)


@pytest.fixture(scope="module")
def postgres():
    with postgres_server() as pg:
        yield pg


def test_threads_racing_on_postgresql_never_overspend(tmp_path, postgres):
    with postgres_database(postgres) as url:
        check(race(tmp_path, DRAGOMAN_DATABASE_URL=url))
