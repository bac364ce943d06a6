"""Two worker processes, each with two threads, placing articles at once into one SQLite file (the embedded
mode's database): every article is placed once, each placement saw every one before it (one index, replayed in
the placements' order, decides exactly as they did), whatever process made it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SETUP = r"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from tests.stories import rows
from tests.stories.articles import (FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO, MATCH_ONE, MATCH_ONE_OTHER,
                                    MATCH_TWO)
texts = [FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO, MATCH_ONE, MATCH_ONE_OTHER, MATCH_TWO]
titles = ["Fire destroys furniture factory in Albacete", "Albacete furniture plant fire controlled",
          "Fire at Vigo fish factory", "Betis beat Sevilla 3-1 in the derby", "Isco double gives Betis derby win",
          "Betis lose 0-2 at Valencia"]
for n in range(4):  # four outlets telling the same six events
    src = rows.source(f"Outlet {n}")
    for i, (title, text) in enumerate(zip(titles, texts)):
        rows.article(src, f"{title} ({n})", text, hours=i + n / 10)
"""

WORKER = r"""
import sys, threading
import django
django.setup()
from django.db import connections
from dragoman.articles.models import Article
from dragoman.stories.placing import place

part, parts = int(sys.argv[1]), int(sys.argv[2])
ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))[part::parts]
start = threading.Barrier(2)

def work(mine):
    try:
        start.wait()
        for pk in mine:
            place(pk)
    finally:
        connections.close_all()

threads = [threading.Thread(target=work, args=(ids[t::2],)) for t in range(2)]
for t in threads: t.start()
for t in threads: t.join()
"""

CHECK = r"""
import json
import django
django.setup()
from dragoman.articles.models import Article
from dragoman.stories.documents import member_doc
from dragoman.stories.models import StoryMember
from dragoman.stories.placing import new_index

members = list(StoryMember.objects.select_related("story", "article").order_by("seq"))
index = new_index()
replayed = {}
for m in members:
    replayed[m.article_id] = index.add(member_doc(m)).story
stored = {m.article_id: m.story.key for m in members}
def partition(assignment):
    groups = {}
    for article, story in assignment.items():
        groups.setdefault(story, set()).add(article)
    return sorted(sorted(g) for g in groups.values())
print(json.dumps({"articles": Article.objects.count(), "members": len(members),
                  "seqs": [m.seq for m in members], "same": partition(stored) == partition(replayed),
                  "stories": len(set(stored.values()))}))
"""


def run(script: str, env: dict, *args: str, background: bool = False):
    command = [sys.executable, "-c", script, *args]
    if background:
        return subprocess.Popen(command, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True)
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_two_processes_of_two_threads_keep_one_consistent_grouping(tmp_path):
    env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dragoman.settings", "DRAGOMAN_SITE_LANGUAGE": "en",
           "PYTHONPATH": os.pathsep.join([REPO, os.path.join(REPO, "src")])}  # fmt: skip
    run(SETUP, env)
    workers = [run(WORKER, env, str(part), "2", background=True) for part in range(2)]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
    found = json.loads(run(CHECK, env))
    assert found["articles"] == found["members"] == 24  # every article placed, once
    assert found["seqs"] == list(range(1, 25))  # one placement at a time, numbered in order
    assert found["same"], "the placements did not each see every one before them"
    assert found["stories"] < 24  # the outlets' articles of one event were grouped
