"""Apertium through a real APY server (Debian apertium-apy with apertium-eng-spa), started by the fixture on a
free port and bound to 127.0.0.1 only (APY itself listens on every interface), stopped afterwards."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import textwrap
import time

import httpx
import pytest

from dragoman.translate.document import translate_html
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.apertium import ApertiumEngine
from dragoman.translate.engines.apertium_apy import ApertiumApyEngine, _join_translation
from dragoman.translate.engines.base import EngineError, EngineUnavailable

APY = shutil.which("apertium-apy")
SYSTEM_PYTHON = "/usr/bin/python3"  # apertium-apy is a Debian Python package, not in the venv
pytestmark = pytest.mark.skipif(
    not APY or not os.path.exists("/usr/share/apertium/modes/eng-spa.mode"),
    reason="Debian apertium-apy and apertium-eng-spa are not installed (scripts/setup.sh test installs them)",
)

# APY's own server code binds with tornado's HTTPServer.bind(port), which means every interface; this runs
# APY's main() with that bind pinned to 127.0.0.1.
_LOOPBACK_WRAPPER = textwrap.dedent(
    """
    import sys
    import tornado.tcpserver
    from apertium_apy import apy

    _bind = tornado.tcpserver.TCPServer.bind

    def bind_loopback(self, port, address=None, *args, **kwargs):
        return _bind(self, port, "127.0.0.1", *args, **kwargs)

    tornado.tcpserver.TCPServer.bind = bind_loopback
    sys.argv[0] = "apertium-apy"
    sys.exit(apy.main())
    """
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def apy_url(tmp_path_factory):
    wrapper = tmp_path_factory.mktemp("apy") / "apy_loopback.py"
    wrapper.write_text(_LOOPBACK_WRAPPER)
    port = _free_port()
    log = wrapper.with_name("apy.log")
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [SYSTEM_PYTHON, str(wrapper), "-p", str(port), "-j", "1", "/usr/share/apertium/modes"],
            stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "LC_ALL": "C.UTF-8"},
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/listPairs", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"apertium-apy did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def engine(apy_url) -> ApertiumApyEngine:
    return ApertiumApyEngine(url=apy_url)


class CountingTransport(httpx.HTTPTransport):
    """The network under the guard, counting the text each /translate request carries."""

    def __init__(self):
        super().__init__()
        self.sizes: list[int] = []

    def handle_request(self, request):
        if request.url.path == "/translate":
            request.read()
            self.sizes.append(len(httpx.QueryParams(request.content.decode())["q"]))
        return super().handle_request(request)


def test_the_server_listens_on_loopback_only(apy_url):
    port = int(apy_url.rsplit(":", 1)[1])
    done = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip("ss is not available")
    listening = [line.split()[3] for line in done.stdout.splitlines() if line.strip()]
    assert listening == [f"127.0.0.1:{port}"]


def test_registered_and_pairs_come_from_list_pairs(apy_url):
    engine = get_engine("apertium-apy", url=apy_url)
    assert isinstance(engine, ApertiumApyEngine) and not engine.handles_markup
    assert {("en", "es"), ("es", "en")} <= engine.pairs()
    available, why = engine.availability()
    assert available and "en->es" in why
    assert engine.version() == f"apertium-apy {apy_url}"
    assert ApertiumApyEngine(url=apy_url, data_version="eng-spa 0.8.1").version().endswith("; eng-spa 0.8.1")


def test_the_url_comes_from_the_environment(monkeypatch, apy_url):
    monkeypatch.setenv("DRAGOMAN_APERTIUM_APY_URL", apy_url + "/")
    assert ApertiumApyEngine().url == apy_url


def test_apys_html_mode_leaves_tags_behind_which_is_why_the_engine_does_not_use_it(apy_url):
    reply = httpx.post(f"{apy_url}/translate", data={
        "q": 'The <span id="1">red</span> car.', "langpair": "eng|spa", "format": "html", "markUnknown": "no"})
    assert reply.json()["responseData"]["translatedText"] == 'El <span id="1">coche</span> rojo.'


def test_links_land_on_the_words_they_belong_to(engine):
    out = engine.translate_batch(
        ["The <x1>red</x1> car and the <x2>big</x2> house.",
         "The <x1>city's mayor</x1> said on Monday that the <x2>new housing law</x2> would help young families.",
         "Read the <x1>full report</x1> at <x2/>. It was <x3>very <x4>good</x4></x3>, said <x5/> Smith."],
        "en", "es", markup=False,
    )  # fmt: skip
    assert out == [
        "El coche <x1>rojo</x1> y la casa <x2>grande</x2>.",
        "<x1>El alcalde de la ciudad</x1> dijo el lunes que la <x2>ley de alojamiento nueva</x2> ayudaría familias "
        "jóvenes.",
        "Leído el <x1>informe lleno</x1> en <x2/>. Era <x3>muy <x4>bien</x4></x3>, dijo <x5/> Smith.",
    ]


def test_translate_html_matches_apertium_with_transfuse_on_news(engine):
    from tests.translate.test_apertium import NEWS

    cli = ApertiumEngine()
    if not cli.availability()[0]:
        pytest.skip(cli.availability()[1])
    agree = 0
    for paragraph in NEWS:
        apy = translate_html(paragraph, "en", "es", engine).html
        reference = translate_html(paragraph, "en", "es", cli).html
        strip = lambda html: re.sub(r"<[^>]+>", "", html).split()  # noqa: E731
        assert strip(apy) == strip(reference)  # the same words: both translate each sentence whole
        assert re.findall(r'href="([^"]+)"', apy) == re.findall(r'href="([^"]+)"', reference)
        agree += re.findall(r"<a [^>]*>(.*?)</a>", apy) == re.findall(r"<a [^>]*>(.*?)</a>", reference)
    print(f"links on exactly the same words as transfuse in {agree} of {len(NEWS)} paragraphs")
    assert agree >= 5


def test_units_are_packed_into_requests_below_the_limit_and_nothing_is_lost(apy_url):
    transport = CountingTransport()
    engine = ApertiumApyEngine(url=apy_url, transport=transport)
    texts = [f"The <x1>red</x1> car number {n} is near the big house." for n in range(1200)]  # ~60 KB
    out = engine.translate_batch(texts, "en", "es", markup=False)
    alone = ApertiumApyEngine(url=apy_url).translate_batch(texts[:1], "en", "es", markup=False)[0]
    assert alone == "El número automovilístico <x1>rojo</x1> 0 es cerca la casa grande."
    assert out == [alone.replace(" 0 ", f" {n} ") for n in range(1200)]
    assert sum(transport.sizes) > 60_000 and max(transport.sizes) <= engine.max_request_chars
    assert len(transport.sizes) == pytest.approx(sum(transport.sizes) / 1000, rel=0.2)


def test_without_splitting_apy_silently_drops_the_end_of_a_large_request(apy_url):
    """The trap the splitting avoids, measured: HTTP 200 and about 40 KB of the text translated."""
    units = [f'<p data-u="{n}">The red car number {n} is near the big house.</p>' for n in range(1200)]
    reply = httpx.post(f"{apy_url}/translate", timeout=60, data={
        "q": "\n".join(units), "langpair": "eng|spa", "format": "html", "markUnknown": "no"})
    back = re.findall(r'data-u="(\d+)"', reply.json()["responseData"]["translatedText"])
    assert reply.status_code == 200 and 0 < len(back) < 1000


def test_a_long_unit_goes_as_groups_of_whole_sentences(apy_url):
    transport = CountingTransport()
    engine = ApertiumApyEngine(url=apy_url, transport=transport, max_request_chars=400)
    words = ("red", "big", "old", "new", "small", "white", "tall", "blue", "green", "long", "dark", "cold")
    sentences = [f"The {word} house is near the river." for word in words]
    text = " ".join(sentences[:6]) + " <x1>The dog</x1> sleeps. " + " ".join(sentences[6:])
    assert len(text) > 400
    (out,) = engine.translate_batch([text], "en", "es", markup=False)
    assert len(transport.sizes) >= 2 and max(transport.sizes) <= 400
    alone = [engine.translate_batch([sentence], "en", "es", markup=False)[0] for sentence in sentences]
    (dog,) = engine.translate_batch(["The dog sleeps."], "en", "es", markup=False)
    assert re.sub(r"</?x1>", "", out) == " ".join([*alone[:6], dog, *alone[6:]])  # whole sentences, in order
    assert re.search(r"<x1>[^<]*perro</x1>", out)  # Apertium reads "dog sleeps" as a noun compound here


def test_generation_marks_are_dropped(engine, apy_url):
    text = "A gas leak was reported near the station."
    raw = httpx.post(f"{apy_url}/translate", data={"q": text, "langpair": "eng|spa", "markUnknown": "no"})
    assert "#canal" in raw.json()["responseData"]["translatedText"]  # APY always generates with marks
    assert engine.translate_batch([text], "en", "es", markup=False) == [
        "Una filtración gasista estuvo informada cerca la canal."
    ]
    # ... but a hashtag of the source is no mark
    joined = _join_translation(['Dice <br id="1">#noticias y #canal'], "says #noticias")
    assert joined == ("Dice #noticias y canal", {1: 5})


def test_a_missing_pair_and_a_missing_server_are_reported(engine):
    with pytest.raises(EngineUnavailable, match="no eng-fra pair"):
        engine.translate_batch(["Hello"], "en", "fr", markup=False)
    gone = ApertiumApyEngine(url=f"http://127.0.0.1:{_free_port()}")
    available, why = gone.availability()
    assert not available and "could not be reached" in why
    with pytest.raises(EngineError) as caught:
        gone.translate_batch(["Hello"], "en", "es", markup=False)
    assert caught.value.retryable


def test_markup_is_refused(engine):
    with pytest.raises(EngineError, match="not markup"):
        engine.translate_batch(['<span id="1">Hi</span>'], "en", "es", markup=True)


def test_a_glossary_term_is_honoured(engine):
    result = translate_html(
        '<p>Officials in Pyongyang <a href="https://example.org/k">said</a> the talks would resume.</p>',
        "en", "es", engine, glossary={"Pyongyang": "Pionyang"},
    )  # fmt: skip
    assert "Pionyang" in result.html and "Pyongyang" not in result.html
    assert result.html.count('href="https://example.org/k"') == 1
