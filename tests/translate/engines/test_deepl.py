"""The DeepL engine: XML tag handling, batching under DeepL's limits, the quota error, native glossaries.

Run against a local server implementing DeepL API v2 as documented (:class:`FakeDeepL`), since the real
service can't be reached from this machine.
"""

from __future__ import annotations

import pytest

from dragoman.translate.document import translate_html, translate_text
from dragoman.translate.engines.base import EngineError
from dragoman.translate.engines.deepl import FREE_URL, PRO_URL, DeepLEngine, from_xml, to_xml
from dragoman.translate.memory import InMemoryMemory

ARTICLE = (
    '<p class="lead">The <a href="https://news.example/vote" title="Vote">council vote</a> at the '
    'White House was <em>close</em>: 31 to 9.<br>More <img src="/i.png" alt="A chart"> soon.</p>'
)


@pytest.fixture
def engine(deepl_server, clock):
    return DeepLEngine(api_key=deepl_server.key, url=deepl_server.url, sleep=clock.sleep, clock=clock)


def test_a_document_keeps_links_attributes_and_atoms(engine, deepl_server):
    result = translate_html(ARTICLE, "en", "de", engine)
    assert result.html == (
        '<p class="lead">THE <a href="https://news.example/vote" title="VOTE">COUNCIL VOTE</a> AT THE '
        'WHITE HOUSE WAS <em>CLOSE</em>: 31 TO 9.<br>MORE <img src="/i.png" alt="A CHART"> SOON.</p>'
    )
    (request,) = deepl_server.requests_to("/v2/translate")
    assert request.headers["authorization"] == f"DeepL-Auth-Key {deepl_server.key}"
    assert request.content_type == "application/json"
    body = request.json
    assert body["tag_handling"] == "xml" and body["outline_detection"] is False
    assert body["split_sentences"] == "nonewlines"
    assert body["source_lang"] == "EN" and body["target_lang"] == "DE"
    assert body["non_splitting_tags"] == ["x1", "x2", "x3", "x4"]
    wire = "The <x1>council vote</x1> at the White House was <x2>close</x2>: 31 to 9.<x3/>More <x4/> soon."
    assert wire in body["text"]
    assert not any("href" in text or "img" in text or "span" in text for text in body["text"])


def test_xml_wire_form_round_trip():
    fragment = 'Fish &amp; <span id="1">chips <span id="2">&lt;hot&gt;</span></span> here<br id="3">'
    xml = to_xml(fragment)
    assert xml == "Fish &amp; <x1>chips <x2>&lt;hot&gt;</x2></x1> here<x3/>"
    assert from_xml(xml, atoms=frozenset({3})) == fragment
    # however an XML writer spells an empty element, an atom stays an atom
    assert from_xml("a<x3 />b<x3></x3>", atoms=frozenset({3})) == 'a<br id="3">b<br id="3">'
    assert from_xml("<x1></x1>", atoms=frozenset()) == '<span id="1"></span>'  # an emptied pair: the checks' call


def test_english_and_portuguese_targets_get_a_variant(engine, deepl_server):
    engine.translate_batch(["Hallo"], "de", "en", markup=True)
    assert deepl_server.requests_to("/v2/translate")[-1].json["target_lang"] == "EN-US"
    british = DeepLEngine(api_key=deepl_server.key, url=deepl_server.url, target_variants={"en": "EN-GB"})
    british.translate_batch(["Hallo"], "de", "en", markup=True)
    assert deepl_server.requests_to("/v2/translate")[-1].json["target_lang"] == "EN-GB"
    assert british.version() != engine.version()


def test_batches_stay_under_fifty_texts(engine, deepl_server):
    texts = [f"sentence number {n}" for n in range(120)]
    assert engine.translate_batch(texts, "en", "de", markup=True) == [text.upper() for text in texts]
    assert [len(r.json["text"]) for r in deepl_server.requests_to("/v2/translate")] == [50, 50, 20]


def test_batches_stay_under_the_body_size(deepl_server):
    engine = DeepLEngine(api_key=deepl_server.key, url=deepl_server.url)
    texts = ["x" * 40_000 + f" {n}" for n in range(7)]  # 280 KB in all: over 128 KiB
    assert engine.translate_batch(texts, "en", "de", markup=True) == [t.upper() for t in texts]
    sizes = [len(r.body) for r in deepl_server.requests_to("/v2/translate")]
    assert len(sizes) == 3 and max(sizes) <= 128 * 1024


def test_quota_exceeded_is_a_clear_error_and_not_retried(engine, deepl_server, clock):
    deepl_server.fail(456, message="Quota exceeded", path="/v2/translate")
    with pytest.raises(EngineError) as caught:
        translate_html("<p>Some words to translate.</p>", "en", "de", engine)
    assert not caught.value.retryable
    assert str(caught.value).startswith("DeepL quota exceeded (HTTP 456: Quota exceeded)")
    assert "upgrade the plan" in str(caught.value)
    assert len(deepl_server.requests_to("/v2/translate")) == 1 and clock.sleeps == []


def test_the_endpoint_follows_the_key():
    assert DeepLEngine(api_key="abc:fx").url == FREE_URL
    assert DeepLEngine(api_key="abc").url == PRO_URL
    assert DeepLEngine(api_key="abc", url="http://proxy.local/").url == "http://proxy.local"


def test_configuration_from_the_environment(monkeypatch, deepl_server):
    monkeypatch.setenv("DRAGOMAN_DEEPL_API_KEY", deepl_server.key)
    monkeypatch.setenv("DRAGOMAN_DEEPL_URL", deepl_server.url)
    engine = DeepLEngine()
    assert engine.availability() == (True, f"DeepL API (free key) at {deepl_server.url}")
    assert engine.translate_batch(["ok"], "en", "de", markup=True) == ["OK"]


def test_pairs_come_from_the_languages_endpoint(engine, deepl_server):
    pairs = engine.pairs()
    assert ("en", "de") in pairs and ("de", "en") in pairs and ("en", "en") not in pairs
    assert ("en", "ja") not in pairs  # the fake lists fewer languages than the built-in list
    engine.pairs()
    assert len(deepl_server.requests_to("/v2/languages")) == 2  # source and target, asked once
    with pytest.raises(EngineError, match="does not translate en->ja"):
        engine.translate_batch(["hello"], "en", "ja", markup=True)


# --- native glossaries -----------------------------------------------------------------------------------------

GLOSSARY = {"White House": "Weißes Haus", "council": "Stadtrat"}


def test_glossary_is_created_once_and_sent_by_id(engine, deepl_server):
    result = translate_html(ARTICLE, "en", "de", engine, glossary=GLOSSARY)
    # DeepL applied the entries (the fake writes them verbatim); the core did not protect the terms
    assert "AT THE Weißes Haus WAS" in result.html and ">Stadtrat VOTE</a>" in result.html
    (created,) = deepl_server.requests_to("/v2/glossaries")[-1:]
    assert created.method == "POST"
    assert created.json["entries"] == "White House\tWeißes Haus\ncouncil\tStadtrat"
    assert created.json["entries_format"] == "tsv"
    assert (created.json["source_lang"], created.json["target_lang"]) == ("en", "de")
    (glossary_id,) = deepl_server.glossaries
    sent = deepl_server.requests_to("/v2/translate")
    assert sent and all(r.json["glossary_id"] == glossary_id for r in sent)
    assert any("White House" in text for r in sent for text in r.json["text"])

    translate_html("<p>The White House again.</p>", "en", "de", engine, glossary=GLOSSARY)
    assert len(deepl_server.glossaries) == 1
    assert [r.method for r in deepl_server.requests_to("/v2/glossaries")] == ["GET", "POST"]


def test_a_new_process_finds_the_glossary_by_name(engine, deepl_server):
    translate_text("The White House spoke.", "en", "de", engine, glossary=GLOSSARY)
    again = DeepLEngine(api_key=deepl_server.key, url=deepl_server.url)
    result = translate_text("The White House spoke.", "en", "de", again, glossary=GLOSSARY)
    assert result.text == "THE Weißes Haus SPOKE."
    assert len(deepl_server.glossaries) == 1  # found by its name, not created twice


def test_other_terms_make_another_glossary_and_another_memory_key(engine, deepl_server):
    memory = InMemoryMemory()
    first = translate_text("The White House spoke.", "en", "de", engine, memory=memory, glossary=GLOSSARY)
    other = {"White House": "Präsidialamt"}
    second = translate_text("The White House spoke.", "en", "de", engine, memory=memory, glossary=other)
    assert (first.text, second.text) == ("THE Weißes Haus SPOKE.", "THE Präsidialamt SPOKE.")
    assert second.cache_hits == 0 and len(deepl_server.glossaries) == 2
    plain = translate_text("The White House spoke.", "en", "de", engine, memory=memory)
    assert plain.cache_hits == 0 and plain.text == "THE WHITE HOUSE SPOKE."
    assert first.engine_version == plain.engine_version == engine.version()  # the glossary is in the key only


def test_pairs_without_glossaries_fall_back_to_protected_terms(engine, deepl_server):
    result = translate_text("The White House spoke.", "en", "ar", engine, glossary={"White House": "البيت الأبيض"})
    assert result.text == "THE البيت الأبيض SPOKE."
    assert deepl_server.glossaries == {}
    sent = deepl_server.requests_to("/v2/translate")
    assert sent and all("glossary_id" not in r.json and "White House" not in r.json["text"][0] for r in sent)


def test_terms_a_glossary_cannot_hold_fall_back_to_protected_terms(engine, deepl_server):
    assert not engine.native_glossary("en", "de", {"tab\tterm": "x"})
    assert not DeepLEngine(api_key=deepl_server.key, url=deepl_server.url, native_glossaries=False).native_glossary(
        "en", "de", GLOSSARY
    )
    assert deepl_server.glossaries == {}


def test_a_failed_glossary_creation_falls_back_to_protected_terms(engine, deepl_server):
    deepl_server.fail(500, times=10, path="/v2/glossaries")
    result = translate_text("The White House spoke.", "en", "de", engine, glossary=GLOSSARY)
    assert result.text == "THE Weißes Haus SPOKE."  # put back by the core
    assert all("glossary_id" not in r.json for r in deepl_server.requests_to("/v2/translate"))


def test_a_glossary_deleted_at_deepl_is_made_again(engine, deepl_server):
    translate_text("The White House spoke.", "en", "de", engine, glossary=GLOSSARY)
    deepl_server.glossaries.clear()  # deleted by hand in the account
    result = translate_text("The White House said more.", "en", "de", engine, glossary=GLOSSARY)
    assert result.text == "THE Weißes Haus SAID MORE."
    (new_id,) = deepl_server.glossaries
    assert deepl_server.requests_to("/v2/translate")[-1].json["glossary_id"] == new_id
