"""The statements a worker sends to PostgreSQL per article, step by step, counted on a real server: a guard
against a change that adds round trips to the database (each costs about a millisecond per article).

One article is carried from its fetch to its publication as a worker carries it (``work.carry``); the
counts include the claims, the transactions' BEGIN and COMMIT, and whatever runs between the steps."""

from __future__ import annotations

from tests.support.services import postgres_database, run_django

SCRIPT = r"""
import json, sys
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from dragoman.runtime import work
from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.demosite import DemoSite
from dragoman.sources.models import Source
from tests.support.newsroom import write_newsroom

call_command("migrate", verbosity=0, interactive=False)
write_newsroom(Path(sys.argv[1]), 3)
counts = {}
perform = work.perform

def counted(step, pk, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        outcome = perform(step, pk, *args, **kwargs)
    counts.setdefault(step, []).append(len(queries))
    return outcome

work.perform = counted
with DemoSite(root=Path(sys.argv[1])) as site:
    settings.FETCH_ALLOW = [site.netloc]
    pipeline = Pipeline()
    source = Source.objects.create(url=site.feed_url, target_languages=["es"], engine="test-upper")
    pipeline.poll(source.pk)
    for entry in Entry.objects.order_by("pk")[:2]:  # the first article warms up what is cached
        work.queue_ready("fetch", Q(pk=entry.pk), lambda step, pk: None)
        with CaptureQueriesContext(connection) as queries:
            outcome = work.carry("fetch", entry.pk, pipeline, "w", lambda step, pk: None, go_on=lambda: True)
        assert (outcome.step, outcome.status) == ("publish", "done"), outcome
        counts.setdefault("article", []).append(len(queries))
    pipeline.close()
print(json.dumps({name: values[-1] for name, values in counts.items()}))
"""

#: The most statements each step may send (the last article's), and the whole article. The translate step's
#: include the names memory's (dragoman.names): one lookup, one upsert, and the translation's name forms, and the
#: usage per engine and source, counted unless a budget applies (dragoman.budgets.spending); the extract step's
#: the operators' rules (dragoman.rules): one read of the rewrite rules, one of the filters; the publish step's the
#: article's placement into a story once its translation into the site's language is out (dragoman.stories.placing:
#: its translation into the site's language read before the locks, the article being the step's; then in its own
#: transaction the clock's row, the member, the story, the new member, the clock, the story's counts, its title,
#: its members' texts (the summary, made at each join while a story is small), the order of its members (what
#: their boxes show) and the story: twelve with BEGIN and COMMIT); and the pages rendered ahead (dragoman.rendered):
#: the pages it changes marked (one upsert in the publish transaction, one more for the story's pages, after
#: reading the translations of the members whose box changed), then its own two pages rendered in a transaction
#: of their own (BEGIN, lock the two rows, the two views' reads, delete the rows, COMMIT: the translation is the
#: row the step holds, read by neither view; the story's box is three reads, the earliest members being kept with
#: the story, and one when the article is alone in its story).
BOUNDS = {"fetch": 6, "extract": 8, "translate": 9, "publish": 31, "article": 54}


def test_statements_per_article_and_step_on_postgresql(tmp_path, postgres):
    with postgres_database(postgres) as url:
        counts = run_django(SCRIPT, url, tmp_path, str(tmp_path / "site"))
    assert counts["article"] == sum(counts[step] for step in ("fetch", "extract", "translate", "publish"))  # none between
    assert {name: counts[name] for name in BOUNDS} == {name: min(counts[name], bound) for name, bound in BOUNDS.items()}


PREPARED = r"""
import json
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from dragoman.sources.models import Source

call_command("migrate", verbosity=0, interactive=False)
for slug in ("a", "b", "c"):  # one statement, three times, with other parameters
    list(Source.objects.filter(slug=slug))
with connection.cursor() as cursor:
    cursor.execute("SELECT statement FROM pg_prepared_statements")
    print(json.dumps([row[0] for row in cursor.fetchall()]))
"""


def test_a_statement_a_connection_repeats_is_prepared_once_unless_turned_off(tmp_path, postgres):
    """PostgreSQL parses and plans the statements a worker repeats once per connection (DRAGOMAN_DATABASE_PREPARED,
    on by default): their parameters go apart from the SQL, and the second time a statement is sent it is prepared."""
    with postgres_database(postgres) as url:
        prepared = run_django(PREPARED, url, tmp_path)
        unprepared = run_django(PREPARED, url, tmp_path, DRAGOMAN_DATABASE_PREPARED="false")
    source = [s for s in prepared if 'FROM "sources_source"' in s and '"slug" = $1' in s]
    assert len(source) == 1, prepared
    assert unprepared == []
