"""Search at scale: the same queries on PostgreSQL (full-text search, GIN index), in a process of its own on a
real server (tests/support/services.py: the local one, else a private one started for the session)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.services import postgres_database, postgres_server

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from dragoman.articles.models import Article, Entry, Translation
from dragoman.publish.search import search
from dragoman.sources.models import Source

call_command("migrate", verbosity=0, interactive=False)
source = Source.objects.create(url="http://news.example/feed.xml", target_languages=["ar", "es"])
def publish(key, language, title, body, original_title, original_body):
    entry = Entry.objects.create(source=source, key=key, url=f"http://news.example/{key}")
    article = Article.objects.create(entry=entry, url=entry.url, title=original_title, body_html=original_body, language="en")
    return Translation.objects.create(article=article, target_language=language, engine="test", title=title,
        body_html=body, state="published", published_at=timezone.now()).pk
a = publish("a", "ar", "المسؤولُ في الأمم المتحدة", "<p>زار المدرسةَ الجديدة</p>", "The UN official", "<p>visited the new school</p>")
b = publish("b", "ar", "الطقس اليوم", "<p>أمطار غزيرة</p>", "Today's weather", "<p>Heavy rain</p>")
c = publish("c", "es", "Después del debate", "<p>El consejo aprobó el presupuesto</p>", "After the debate", "<p>The council passed the budget</p>")
with connection.cursor() as cursor:
    cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'publish_search_document'")
    index = cursor.fetchone()[0]
print(json.dumps({
    "vendor": connection.vendor, "index": index, "ids": {"a": a, "b": b, "c": c},
    "hamza": [t.pk for t in search("مسوول")],
    "two_words": [t.pk for t in search("امم مدرسه")],
    "original": [t.pk for t in search("official")],
    "accents": [t.pk for t in search("despues presupuesto")],
    "language": [t.pk for t in search("debate", language="ar")],
    "prefix": [t.pk for t in search("امطا")],
}))
"""


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as pg, postgres_database(pg) as url:
        yield url


def test_postgresql_full_text_search_folds_arabic_too(postgres_url, tmp_path):
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": postgres_url, "DRAGOMAN_HOME": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "dragoman.settings"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    ids = found["ids"]
    assert found["vendor"] == "postgresql" and "USING gin (document)" in found["index"]
    assert found["hamza"] == [ids["a"]]
    assert found["two_words"] == [ids["a"]]
    assert found["original"] == [ids["a"]]
    assert found["accents"] == [ids["c"]]
    assert found["language"] == []
    assert found["prefix"] == [ids["b"]]
