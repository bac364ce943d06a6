"""The OpenAI-compatible engine: the prompt, batches as numbered JSON lists, lenient parsing, and the
fall-back to one unit per request.

Run against a local server implementing the documented ``/v1/chat/completions`` API (:class:`FakeChat`),
since neither OpenAI nor a local model server can be reached here.
"""

from __future__ import annotations

import json

import pytest

from dragoman.translate.document import translate_html
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.openai import OpenAIEngine, clean_single_reply, parse_batch_reply
from tests.translate.engines.fakes import FakeChat

PATH = "/v1/chat/completions"
ARTICLE = (
    '<h2>Floods in <a href="/valencia">Valencia</a></h2>'
    '<p>Rain fell for <b>three days</b>.</p>'
    '<p>Schools <em>stay closed</em> on Monday.</p>'
)
EXPECTED = (
    '<h2>FLOODS IN <a href="/valencia">VALENCIA</a></h2>'
    '<p>RAIN FELL FOR <b>THREE DAYS</b>.</p>'
    '<p>SCHOOLS <em>STAY CLOSED</em> ON MONDAY.</p>'
)


@pytest.fixture
def engine(chat_server, clock):
    return OpenAIEngine(
        url=chat_server.url, api_key=chat_server.key, model="gpt-4o-mini", sleep=clock.sleep, clock=clock
    )


def test_a_batch_is_one_request_with_a_numbered_json_list(engine, chat_server):
    assert translate_html(ARTICLE, "en", "es", engine).html == EXPECTED
    (request,) = chat_server.requests_to(PATH)
    assert request.headers["authorization"] == f"Bearer {chat_server.key}"
    body = request.json
    assert body["model"] == "gpt-4o-mini" and body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert "from English into Spanish" in system["content"]
    assert "<xN>" in system["content"] and "exactly once" in system["content"] and "JSON list" in system["content"]
    assert json.loads(user["content"]) == [
        {"id": 1, "text": "Floods in <x1>Valencia</x1>"},
        {"id": 2, "text": "Rain fell for <x1>three days</x1>."},
        {"id": 3, "text": "Schools <x1>stay closed</x1> on Monday."},
    ]


def test_an_object_keyed_by_id_is_understood(engine, chat_server):
    chat_server.batch_mode = "keyed"
    assert translate_html(ARTICLE, "en", "es", engine).html == EXPECTED
    assert len(chat_server.requests_to(PATH)) == 1


def test_junk_falls_back_to_one_unit_per_request(engine, chat_server):
    chat_server.batch_mode = "junk"
    assert translate_html(ARTICLE, "en", "es", engine).html == EXPECTED
    requests = chat_server.requests_to(PATH)
    assert len(requests) == 4  # the batch, then each of the three units alone
    singles = [r.json["messages"] for r in requests[1:]]
    assert [m[1]["content"] for m in singles] == [
        "Floods in <x1>Valencia</x1>", "Rain fell for <x1>three days</x1>.", "Schools <x1>stay closed</x1> on Monday.",
    ]
    assert all("Reply with only the translation" in m[0]["content"] for m in singles)


def test_only_what_the_reply_lacks_is_sent_again(engine, chat_server):
    chat_server.batch_mode = "partial"
    assert translate_html(ARTICLE, "en", "es", engine).html == EXPECTED
    requests = chat_server.requests_to(PATH)
    assert len(requests) == 2
    assert requests[1].json["messages"][1]["content"] == "Schools <x1>stay closed</x1> on Monday."


def test_batches_follow_the_configured_size(chat_server):
    engine = OpenAIEngine(url=chat_server.url, api_key=chat_server.key, model="gpt-4o-mini", max_texts=2)
    texts = [f"text number {n}" for n in range(5)]
    assert engine.translate_batch(texts, "en", "de", markup=False) == [t.upper() for t in texts]
    sent = [r.json["messages"][1]["content"] for r in chat_server.requests_to(PATH)]
    assert [len(json.loads(s)) for s in sent[:2]] == [2, 2] and sent[2] == "text number 4"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('[{"id": 1, "translation": "uno"}, {"id": 2, "translation": "dos"}]', {1: "uno", 2: "dos"}),
        ('```json\n[{"id": 2, "translation": "dos"}, {"id": 1, "translation": "uno"}]\n```', {1: "uno", 2: "dos"}),
        ('<think>two items…</think>\nHere you go: [{"id": "1", "text": "uno"}, {"id": 2, "target": "dos"}] Done.',
         {1: "uno", 2: "dos"}),
        ('["uno", "dos"]', {1: "uno", 2: "dos"}),
        ('["uno"]', {}),  # a bare list must have them all, or the order means nothing
        ('{"translations": [{"id": 1, "translation": "uno"}]}', {1: "uno"}),
        ('{"1": "uno", "2": "dos", "3": "tres"}', {1: "uno", 2: "dos"}),  # ids beyond the batch are ignored
        ('[{"id": 1, "translation": "uno"}, {"id": 1, "translation": "one"}, {"id": 2, "translation": "dos"}]',
         {2: "dos"}),  # an id given twice is sent again
        ("I'm sorry, I can't help with that.", {}),
        ('[{"id": 1, "translation": "uno"', {}),
    ],
)
def test_parsing_batch_replies(reply, expected):
    assert parse_batch_reply(reply, 2) == expected


def test_cleaning_single_replies():
    assert clean_single_reply("  Hola <x1>mundo</x1>\n") == "Hola <x1>mundo</x1>"
    assert clean_single_reply("<think>\nhmm\n</think>\n\nHola") == "Hola"
    assert clean_single_reply("```\nHola\n```") == "Hola"


def test_a_reply_cut_at_the_output_limit_is_sent_again_alone(engine, chat_server):
    truncated = {
        "id": "x", "object": "chat.completion", "model": "gpt-4o-mini",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": '[{"id": 1, "translation": "RA'},
            "finish_reason": "length",
        }],
    }
    chat_server.fail(200, body=truncated, path=PATH)
    assert engine.translate_batch(["one", "two"], "en", "es", markup=False) == ["ONE", "TWO"]
    assert len(chat_server.requests_to(PATH)) == 3


def test_version_changes_with_the_model(chat_server):
    small = OpenAIEngine(url=chat_server.url, model="llama3.1:8b")
    large = OpenAIEngine(url=chat_server.url, model="llama3.1:70b")
    assert small.version() != large.version() and small.version().startswith("llama3.1:8b; ")
    assert small.label == "llama3.1:8b (language model)"


def test_an_unknown_model_names_the_variable(chat_server):
    engine = OpenAIEngine(url=chat_server.url, api_key=chat_server.key, model="no-such-model")
    with pytest.raises(EngineUnavailable, match="no model 'no-such-model' .*set DRAGOMAN_OPENAI_MODEL"):
        engine.translate_batch(["hi"], "en", "es", markup=False)


def test_an_exhausted_quota_is_not_retried(engine, chat_server, clock):
    chat_server.fail(429, body={"error": {"message": "You exceeded your current quota, please check your plan.",
                                          "type": "insufficient_quota", "code": "insufficient_quota"}}, path=PATH)
    with pytest.raises(EngineError, match="quota exceeded") as caught:
        engine.translate_batch(["hi"], "en", "es", markup=False)
    assert not caught.value.retryable and clock.sleeps == []


def test_a_local_server_needs_no_key_and_takes_a_v1_url():
    with FakeChat(key=None) as server:
        engine = OpenAIEngine(url=server.url + "/v1", model="llama3.1:8b")
        assert engine.availability() == (True, f"llama3.1:8b at {server.url}/v1")
        assert engine.translate_batch(["hola"], "es", "en", markup=False) == ["HOLA"]
        assert "authorization" not in server.requests_to(PATH)[0].headers


def test_configuration_from_the_environment(monkeypatch, chat_server):
    assert OpenAIEngine().model == "gpt-4o-mini" and not OpenAIEngine().availability()[0]  # OpenAI needs a key
    monkeypatch.setenv("DRAGOMAN_OPENAI_URL", "http://localhost:11434")
    usable, why = OpenAIEngine().availability()
    assert not usable and "DRAGOMAN_OPENAI_MODEL" in why  # a local server's models have no default
    monkeypatch.setenv("DRAGOMAN_OPENAI_URL", chat_server.url)
    monkeypatch.setenv("DRAGOMAN_OPENAI_API_KEY", chat_server.key)
    monkeypatch.setenv("DRAGOMAN_OPENAI_MODEL", "llama3.1:8b")
    assert OpenAIEngine().translate_batch(["hola"], "es", "en", markup=False) == ["HOLA"]


def test_pairs_are_the_configured_languages():
    engine = OpenAIEngine(model="m", languages=["en", "uk", "fa"])
    assert engine.pairs() == {(a, b) for a in ("en", "uk", "fa") for b in ("en", "uk", "fa") if a != b}
    assert ("en", "ja") in OpenAIEngine(model="m").pairs()


def test_glossary_terms_are_protected_by_the_core(engine, chat_server):
    result = translate_html("<p>Médecins Sans Frontières opened a clinic.</p>", "en", "es", engine,
                            glossary={"Médecins Sans Frontières": "Médicos Sin Fronteras"})
    assert result.html == "<p>Médicos Sin Fronteras OPENED A CLINIC.</p>"
    assert chat_server.requests_to(PATH)[0].json["messages"][1]["content"] == "<x1/> opened a clinic."
