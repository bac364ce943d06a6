"""The Google engine: Cloud Translation v3 and v2 in HTML mode, their limits and quota errors.

Run against a local server implementing both APIs as documented (:class:`FakeGoogle`), since the real
service can't be reached from this machine.
"""

from __future__ import annotations

import pytest

from dragoman.translate.document import translate_html
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.google import GoogleEngine
from tests.translate.engines.fakes import closed_port_url

V3_PATH = "/v3/projects/news-project/locations/global:translateText"
V2_PATH = "/language/translate/v2"


@pytest.fixture
def v3(google_server, clock):
    return GoogleEngine(
        project=google_server.project, token=google_server.token, url=google_server.url, sleep=clock.sleep, clock=clock
    )


@pytest.fixture
def v2(google_server, clock):
    return GoogleEngine(api_key=google_server.key, url=google_server.url, sleep=clock.sleep, clock=clock)


def test_v3_sends_html_and_reads_googles_escaping(v3, google_server):
    result = translate_html(
        "<p>It's the <a href=\"/m\" rel=\"nofollow\">mayor's</a> plan, <i>again</i>.</p>", "en", "fr", v3
    )
    assert result.html == '<p>IT\'S THE <a href="/m" rel="nofollow">MAYOR\'S</a> PLAN, <i>AGAIN</i>.</p>'
    (request,) = google_server.requests_to(V3_PATH)
    assert request.headers["authorization"] == f"Bearer {google_server.token}"
    assert request.json == {
        "contents": ['It\'s the <span id="1">mayor\'s</span> plan, <span id="2">again</span>.'],
        "mimeType": "text/html",
        "sourceLanguageCode": "en",
        "targetLanguageCode": "fr",
    }


def test_v2_sends_the_key_as_a_parameter(v2, google_server):
    result = translate_html('<p>Read <a href="/r">this</a> now.</p>', "en", "de", v2)
    assert result.html == '<p>READ <a href="/r">THIS</a> NOW.</p>'
    (request,) = google_server.requests_to(V2_PATH)
    assert request.query == {"key": [google_server.key]} and "authorization" not in request.headers
    assert request.json == {
        "q": ['Read <span id="1">this</span> now.'], "source": "en", "target": "de", "format": "html"
    }


def test_language_codes_google_spells_differently(v3, google_server):
    v3.translate_batch(["shalom"], "he", "zh", markup=True)
    body = google_server.requests_to(V3_PATH)[-1].json
    assert (body["sourceLanguageCode"], body["targetLanguageCode"]) == ("iw", "zh-CN")
    assert ("he", "zh") in v3.pairs() and ("en", "de") in v3.pairs()


def test_v2_batches_stay_under_128_texts(v2, google_server):
    texts = [f"line {n}" for n in range(300)]
    assert v2.translate_batch(texts, "en", "de", markup=True) == [t.upper() for t in texts]
    assert [len(r.json["q"]) for r in google_server.requests_to(V2_PATH)] == [128, 128, 44]


def test_v3_batches_stay_under_30000_code_points(v3, google_server):
    texts = ["é" * 9_000 for _ in range(7)]  # 63,000 code points
    v3.translate_batch(texts, "en", "de", markup=True)
    sizes = [sum(map(len, r.json["contents"])) for r in google_server.requests_to(V3_PATH)]
    assert sizes == [27_000, 27_000, 9_000]


def test_rate_limit_403_is_retried_but_daily_limit_is_not(v2, google_server, clock):
    rate_limited = google_server.error(403, "User Rate Limit Exceeded", "userRateLimitExceeded")
    google_server.fail(403, body=rate_limited, path=V2_PATH)
    assert v2.translate_batch(["hello"], "en", "de", markup=True) == ["HELLO"]
    assert len(clock.sleeps) == 1

    google_server.fail(403, body=google_server.error(403, "Daily Limit Exceeded", "dailyLimitExceeded"), path=V2_PATH)
    with pytest.raises(EngineError, match=r"daily quota exceeded .*midnight Pacific time") as caught:
        v2.translate_batch(["hello"], "en", "de", markup=True)
    assert not caught.value.retryable and len(clock.sleeps) == 1


def test_an_invalid_key_names_the_variable(google_server):
    engine = GoogleEngine(api_key="not-a-key", url=google_server.url)
    with pytest.raises(EngineUnavailable, match="rejected the API key .*set DRAGOMAN_GOOGLE_API_KEY"):
        engine.translate_batch(["hello"], "en", "de", markup=True)


def test_the_api_version_follows_the_configuration(monkeypatch, google_server):
    assert GoogleEngine(api_key="k").api_version == "v2"
    monkeypatch.setenv("DRAGOMAN_GOOGLE_PROJECT", google_server.project)
    monkeypatch.setenv("DRAGOMAN_GOOGLE_URL", google_server.url)
    engine = GoogleEngine()
    assert engine.api_version == "v3"
    usable, why = engine.availability()
    assert not usable and "DRAGOMAN_GOOGLE_TOKEN" in why
    monkeypatch.setenv("DRAGOMAN_GOOGLE_TOKEN", google_server.token)
    assert GoogleEngine().translate_batch(["ok"], "en", "de", markup=True) == ["OK"]


def test_a_token_may_be_refreshed_by_a_callable(google_server):
    tokens = iter(["stale-token", google_server.token])
    engine = GoogleEngine(project=google_server.project, token=lambda: next(tokens), url=google_server.url)
    with pytest.raises(EngineUnavailable, match="DRAGOMAN_GOOGLE_TOKEN"):
        engine.translate_batch(["hello"], "en", "de", markup=True)
    assert engine.translate_batch(["hello"], "en", "de", markup=True) == ["HELLO"]


def test_version_names_the_api_and_model(google_server):
    versions = {
        GoogleEngine(api_key="k").version(),
        GoogleEngine(project="p", token="t").version(),
        GoogleEngine(project="p", token="t", model="general/translation-llm").version(),
    }
    assert len(versions) == 3 and any("general/translation-llm" in v for v in versions)


def test_v3_model_is_sent_as_a_resource_name(google_server):
    server = google_server
    engine = GoogleEngine(project=server.project, token=server.token, url=server.url, model="general/nmt")
    engine.translate_batch(["hello"], "en", "de", markup=True)
    assert server.requests_to(V3_PATH)[-1].json["model"] == "projects/news-project/locations/global/models/general/nmt"


def test_glossary_terms_are_protected_by_the_core(v3, google_server):
    glossary = {"Élysée Palace": "Élysée-Palast"}
    result = translate_html("<p>The Élysée Palace said no.</p>", "en", "de", v3, glossary=glossary)
    assert result.html == "<p>THE Élysée-Palast SAID NO.</p>"
    assert "Élysée" not in google_server.requests_to(V3_PATH)[0].body.decode()


def test_pairs_when_the_languages_endpoint_fails(clock):
    engine = GoogleEngine(api_key="k", url=closed_port_url(), sleep=clock.sleep, clock=clock)
    pairs = engine.pairs()
    assert pairs == set(GoogleEngine.static_pairs) and ("en", "sw") in pairs
