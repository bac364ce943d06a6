"""Fixtures for the HTTP engine tests: the fake services (local servers implementing each service's
documented API, see :mod:`tests.translate.engines.fakes`) and a fake clock, so that no test waits."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dragoman.translate.engines.deepl import DeepLEngine
from dragoman.translate.engines.google import GoogleEngine
from dragoman.translate.engines.http import HttpEngine, RetryPolicy
from dragoman.translate.engines.libretranslate import LibreTranslateEngine
from dragoman.translate.engines.openai import OpenAIEngine
from tests.translate.engines.fakes import (
    FakeChat,
    FakeClock,
    FakeDeepL,
    FakeGoogle,
    FakeLibreTranslate,
    FakeService,
)

# Retries as in production but without jitter, so the waits asked for can be asserted exactly.
RETRY = RetryPolicy(attempts=4, backoff=0.5, max_wait=30.0, budget=60.0, jitter=0.0)

ENV_VARIABLES = (
    "DRAGOMAN_DEEPL_API_KEY", "DRAGOMAN_DEEPL_URL", "DRAGOMAN_GOOGLE_API_KEY", "DRAGOMAN_GOOGLE_PROJECT",
    "DRAGOMAN_GOOGLE_TOKEN", "DRAGOMAN_GOOGLE_URL", "DRAGOMAN_LIBRETRANSLATE_URL", "DRAGOMAN_LIBRETRANSLATE_API_KEY",
    "DRAGOMAN_OPENAI_URL", "DRAGOMAN_OPENAI_API_KEY", "DRAGOMAN_OPENAI_MODEL",
)


@pytest.fixture(autouse=True)
def _no_engine_environment(monkeypatch):
    """The engines read their defaults from the environment: start every test from a clean one."""
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def deepl_server():
    with FakeDeepL() as server:
        yield server


@pytest.fixture
def google_server():
    with FakeGoogle() as server:
        yield server


@pytest.fixture
def libretranslate_server():
    with FakeLibreTranslate() as server:
        yield server


@pytest.fixture
def chat_server():
    with FakeChat() as server:
        yield server


# --- every service, for the behaviour they share --------------------------------------------------------------


@dataclass
class Service:
    """One fake service with what a shared test needs to know about it."""

    name: str
    server: FakeService
    clock: FakeClock
    translate_path: str
    key_variable: str
    wrong_credentials: dict

    def engine(self, **options) -> HttpEngine:
        """The engine under test, pointed at the fake server, waiting on the fake clock."""
        options = {"sleep": self.clock.sleep, "clock": self.clock, "retry": RETRY, **options}
        if self.name == "deepl":
            return DeepLEngine(**{"api_key": self.server.key, "url": self.server.url, **options})
        if self.name == "google":
            server = self.server
            return GoogleEngine(**{"project": server.project, "token": server.token, "url": server.url, **options})
        if self.name == "libretranslate":
            return LibreTranslateEngine(**{"url": self.server.url, "api_key": "test-key", **options})
        return OpenAIEngine(**{"url": self.server.url, "api_key": self.server.key, "model": "gpt-4o-mini", **options})

    def translate_requests(self) -> list:
        return self.server.requests_to(self.translate_path)


SERVICES = {
    "deepl": lambda: (FakeDeepL(), "/v2/translate", "DRAGOMAN_DEEPL_API_KEY", {"api_key": "wrong-key:fx"}),
    "google": lambda: (
        FakeGoogle(), "/v3/projects/news-project/locations/global:translateText", "DRAGOMAN_GOOGLE_TOKEN",
        {"token": "expired-token"},
    ),
    "libretranslate": lambda: (
        FakeLibreTranslate(api_keys={"test-key"}), "/translate", "DRAGOMAN_LIBRETRANSLATE_API_KEY",
        {"api_key": "wrong-key"},
    ),
    "openai": lambda: (FakeChat(), "/v1/chat/completions", "DRAGOMAN_OPENAI_API_KEY", {"api_key": "sk-wrong"}),
}


@pytest.fixture(params=sorted(SERVICES))
def service(request, clock):
    server, path, variable, wrong = SERVICES[request.param]()
    with server:
        yield Service(request.param, server, clock, path, variable, wrong)
