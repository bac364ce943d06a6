"""The reliability layer shared by the HTTP engines: retries, Retry-After, rate limits, batching, error
mapping.

These tests run against local servers (:mod:`tests.translate.engines.fakes`) that implement each
service's documented API, since the real services can't be reached from this machine. The shared
behaviour is checked for every engine (the ``service`` fixture is parametrized over all four), with a fake
clock: the waits the engines ask for are recorded, never slept.
"""

from __future__ import annotations

import threading
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dragoman.translate.document import translate_html
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.http import RateLimiter, RetryPolicy, parse_retry_after, service_message
from tests.translate.engines.fakes import closed_port_url

SOURCE = '<p>The <a href="/cars" class="hot">red car</a> is <b>fast</b>.</p>'
EXPECTED = '<p>THE <a href="/cars" class="hot">RED CAR</a> IS <b>FAST</b>.</p>'


# --- Retry-After and back-off -----------------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_an_http_date():
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now.timestamp()) == 30.0
    assert parse_retry_after("Sat, 01 Mar 2025 11:59:00 GMT", now=now.timestamp()) == 0.0  # already past
    assert parse_retry_after("soon") is None and parse_retry_after("") is None and parse_retry_after(None) is None
    assert parse_retry_after("nan") is None and parse_retry_after("-3") == 0.0


def test_backoff_doubles_up_to_the_longest_wait_and_jitter_stays_in_bounds():
    policy = RetryPolicy(backoff=1.0, max_wait=5.0, jitter=0.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    jittery = RetryPolicy(backoff=2.0, jitter=0.25)
    assert all(1.5 <= jittery.delay(1) <= 2.5 for _ in range(200))


# --- rate limit -------------------------------------------------------------------------------------------------


def test_rate_limiter_spaces_requests_evenly(clock):
    limiter = RateLimiter(requests_per_second=4, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(5)]
    assert waits == [0.0, 0.25, 0.25, 0.25, 0.25]
    clock.sleep(10)  # a quiet period refills one request's worth, no more (burst=1)
    assert [limiter.acquire() for _ in range(2)] == [0.0, 0.25]


def test_rate_limiter_counts_characters_per_minute(clock):
    limiter = RateLimiter(chars_per_minute=600, clock=clock, sleep=clock.sleep)
    assert limiter.acquire(600) == 0.0  # a minute's worth may go at once
    assert limiter.acquire(300) == 30.0  # then 10 characters a second
    assert limiter.acquire(0) == 0.0  # a request without text is not held back by this limit


def test_rate_limiter_is_shared_fairly_between_threads():
    """20 threads at the same instant: each reserves its own slot, none shares one."""
    waits: list[float] = []
    limiter = RateLimiter(requests_per_second=10, clock=lambda: 50.0, sleep=lambda s: None)
    start = threading.Barrier(20)

    def take():
        start.wait()
        waits.append(round(limiter.acquire(), 6))

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [round(n / 10, 6) for n in range(20)]


def test_rate_limit_options_are_checked():
    with pytest.raises(ValueError, match="requests_per_second must be positive"):
        RateLimiter(requests_per_second=0)


def test_an_engine_spaces_its_requests(deepl_server, clock):
    engine = get_engine(
        "deepl", api_key=deepl_server.key, url=deepl_server.url, requests_per_second=2, max_texts=1,
        sleep=clock.sleep, clock=clock,
    )
    assert engine.translate_batch(["one", "two", "three"], "en", "de", markup=True) == ["ONE", "TWO", "THREE"]
    assert len(deepl_server.requests_to("/v2/translate")) == 3
    assert clock.sleeps == [0.5, 0.5]


# --- the same behaviour from every engine ------------------------------------------------------------------------


def test_full_document_through_the_core(service):
    """Links stay on their words and attributes come back, whatever the wire form of the engine."""
    result = translate_html(SOURCE, "en", "es", service.engine())
    assert result.html == EXPECTED
    assert len(service.translate_requests()) == 1


def test_429_with_retry_after_is_waited_exactly_then_succeeds(service):
    service.server.fail(429, headers={"Retry-After": "7"}, path=service.translate_path)
    result = translate_html(SOURCE, "en", "de", service.engine())
    assert result.html == EXPECTED
    assert service.clock.sleeps == [7.0]
    assert len(service.translate_requests()) == 2


def test_retry_after_as_an_http_date(service):
    when = datetime.now(timezone.utc) + timedelta(seconds=20)
    service.server.fail(503, headers={"Retry-After": format_datetime(when, usegmt=True)}, path=service.translate_path)
    translate_html(SOURCE, "en", "de", service.engine())
    (waited,) = service.clock.sleeps
    assert 17.0 <= waited <= 20.0  # whole seconds in the header, and a little time passes


def test_server_errors_back_off_exponentially_then_give_up_retryable(service):
    service.server.fail(500, times=10, path=service.translate_path)
    engine = service.engine(retry=RetryPolicy(attempts=3, backoff=0.5, jitter=0.0))
    with pytest.raises(EngineError) as caught:
        engine.translate_batch(["some text"], "en", "de", markup=engine.handles_markup)
    assert caught.value.retryable and not isinstance(caught.value, EngineUnavailable)
    assert "gave up after 3 attempts" in str(caught.value) and "HTTP 500" in str(caught.value)
    assert service.clock.sleeps == [0.5, 1.0]
    assert len(service.translate_requests()) == 3


def test_a_wait_beyond_the_limits_gives_up_at_once(service):
    service.server.fail(429, headers={"Retry-After": "3600"}, path=service.translate_path)
    engine = service.engine()
    with pytest.raises(EngineError, match=r"asked to wait 3600 s") as caught:
        engine.translate_batch(["some text"], "en", "de", markup=engine.handles_markup)
    assert caught.value.retryable and service.clock.sleeps == []


def test_wrong_credentials_make_the_engine_unavailable_naming_the_variable(service):
    engine = service.engine(**service.wrong_credentials)
    with pytest.raises(EngineUnavailable) as caught:
        engine.translate_batch(["some text"], "en", "de", markup=engine.handles_markup)
    message = str(caught.value)
    assert service.key_variable in message and "\n" not in message
    assert len(service.translate_requests()) == 1  # never retried


def test_too_large_halves_the_batch(service):
    service.server.fail(413, path=service.translate_path)
    engine = service.engine()
    texts = ["first text", "second text", "third text", "fourth text"]
    translated = engine.translate_batch(texts, "en", "de", markup=engine.handles_markup)
    assert translated == [text.upper() for text in texts]
    assert len(service.translate_requests()) == 3  # refused, then two halves


def test_a_single_text_too_large_fails_clearly(service):
    service.server.fail(413, times=5, path=service.translate_path)
    engine = service.engine()
    with pytest.raises(EngineError, match=r"a single unit of 9 characters .* over") as caught:
        engine.translate_batch(["some text"], "en", "de", markup=engine.handles_markup)
    assert not caught.value.retryable


def test_a_timeout_is_retried(service):
    service.server.fail(None, stall=0.15, path=service.translate_path)
    engine = service.engine(timeout=0.05)
    assert engine.translate_batch(["hello"], "en", "de", markup=engine.handles_markup) == ["HELLO"]
    assert service.clock.sleeps == [0.5]


def test_blank_texts_are_not_sent(service):
    engine = service.engine()
    assert engine.translate_batch(["", "  ", "word"], "en", "de", markup=engine.handles_markup) == ["", "  ", "WORD"]
    assert len(service.translate_requests()) == 1


def test_an_answer_that_is_not_json_is_retryable(service):
    service.server.fail(200, times=10, body=b"<html>proxy error</html>", path=service.translate_path)
    engine = service.engine(retry=RetryPolicy(attempts=1))
    with pytest.raises(EngineError, match="not JSON") as caught:
        engine.translate_batch(["hello"], "en", "de", markup=engine.handles_markup)
    assert caught.value.retryable


def test_unconfigured_engines_say_why_without_any_request(service):
    def refuse(request):
        raise AssertionError(f"no request expected, got {request.url}")

    blank = {"deepl": {"api_key": ""}, "google": {"token": ""}, "libretranslate": {"url": ""},
             "openai": {"url": "https://api.openai.com", "api_key": ""}}[service.name]
    engine = service.engine(transport=httpx.MockTransport(refuse), **blank)
    usable, why = engine.availability()
    assert not usable and "DRAGOMAN_" in why
    assert engine.pairs() == set(engine.static_pairs) and engine.pairs()
    with pytest.raises(EngineUnavailable, match="DRAGOMAN_"):
        engine.translate_batch(["hello"], "en", "de", markup=engine.handles_markup)


def test_registered_and_built_from_options(service):
    engine = get_engine(service.name, url=service.server.url, timeout=3)
    assert type(engine) is type(service.engine()) and engine.timeout == 3


# --- transport failures and messages -----------------------------------------------------------------------------


def test_an_unreachable_server_is_retryable_and_named(clock):
    url = closed_port_url()
    engine = get_engine(
        "libretranslate", url=url, sleep=clock.sleep, clock=clock, retry=RetryPolicy(attempts=2, backoff=0.1, jitter=0)
    )
    where = url.removeprefix("http://")
    with pytest.raises(EngineError, match=rf"could not reach LibreTranslate at {where}/translate") as caught:
        engine.translate_batch(["hello"], "en", "es", markup=False)
    assert caught.value.retryable and clock.sleeps == [0.1]


def test_the_outbound_guard_allows_the_configured_service_only(libretranslate_server, clock):
    """The service's own address may be on this machine; a redirect elsewhere on it is refused."""
    engine = get_engine("libretranslate", url=libretranslate_server.url, sleep=clock.sleep, clock=clock)
    assert engine.translate_batch(["hello"], "en", "es", markup=False) == ["HELLO"]
    libretranslate_server.fail(307, headers={"Location": closed_port_url() + "/translate"}, path="/translate")
    with pytest.raises(EngineUnavailable, match=r"may not be reached: refused: 127.0.0.1 is a loopback address"):
        engine.translate_batch(["hello"], "en", "es", markup=False)
    assert clock.sleeps == []


def test_service_messages_are_read_from_each_services_error_shape():
    def message(body, status=400, **kwargs):
        if body is not None:
            kwargs["json"] = body
        return service_message(httpx.Response(status, **kwargs))

    assert message({"message": "Quota exceeded"}) == "Quota exceeded"  # DeepL
    assert message({"error": {"code": 403, "message": "User Rate Limit Exceeded"}}) == "User Rate Limit Exceeded"
    assert message({"error": "Invalid API key"}) == "Invalid API key"  # LibreTranslate
    assert message(None, text="upstream\n  timed out", headers={"content-type": "text/plain"}) == "upstream timed out"
    assert message(None, text="<html>…</html>", headers={"content-type": "text/html"}) == ""
    assert len(message({"message": "x" * 500})) == 200
