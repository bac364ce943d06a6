"""The memories many workers write at once, on a real PostgreSQL: the names memory and the translation memory
store a batch of rows in one statement each, and two workers translating articles that share names (the same
minister, the same city) store some of the same rows at the same moment. Rows written in different orders
would make each statement wait for a row the other holds: a deadlock, which PostgreSQL ends by failing one of
them. Written in the order of their unique key, they never wait in a circle, and every store counts."""

from __future__ import annotations

from tests.support.services import postgres_database, run_django

SCRIPT = r"""
import json, random, threading
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.db.models import Sum
from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.models import TranslationMemoryEntry
from dragoman.names.memory import DatabaseNames
from dragoman.names.models import KnownName
from dragoman.translate.memory import MemoryKey

call_command("migrate", verbosity=0, interactive=False)
THREADS, ROUNDS, SHARED = 8, 30, 40
names = [f"Minister {i:03d}" for i in range(60)]
key = MemoryKey("test-upper", "1", "en", "es")
errors, start = [], threading.Barrier(THREADS)

def worker(seed):
    rng = random.Random(seed)
    try:
        start.wait()
        for round in range(ROUNDS):
            chosen = rng.sample(names, SHARED)  # most of them shared with the other workers, each in its own order
            DatabaseNames().store("en", "es", {name: (name, "engine") for name in chosen})
            DatabaseMemory().store(key, {f"{name} spoke.": f"{name} HABLÓ." for name in chosen})
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connections.close_all()

threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({
    "errors": errors,
    "seen": KnownName.objects.aggregate(seen=Sum("seen"))["seen"],
    "stores": THREADS * ROUNDS * SHARED,
    "names": KnownName.objects.count(),
    "units": TranslationMemoryEntry.objects.count(),
}))
"""


def test_workers_storing_the_same_names_and_units_at_once_never_deadlock(tmp_path, postgres):
    with postgres_database(postgres) as url:
        found = run_django(SCRIPT, url, tmp_path)
    assert found["errors"] == []
    assert found["seen"] == found["stores"]  # every store of a name counted once: none lost, none twice
    assert found["names"] == found["units"] == 60
