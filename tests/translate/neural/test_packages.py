"""Installing Argos packages from an index, against a local HTTP server on 127.0.0.1, through the project's
Fetcher; and reading the models folder's layouts."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import pytest

from dragoman.fetch import Fetcher
from dragoman.translate.engines.ctranslate2 import CTranslate2Engine
from dragoman.translate.packages import (
    DEFAULT_INDEX_URL,
    PackageError,
    fetch_index,
    inspect_model,
    install_argos_package,
    install_package,
    installed_models,
    resolve_index_url,
)
from tests.translate.neural.tinymodel import zip_folder


@pytest.fixture(scope="session")
def package_zip(argos_package) -> bytes:
    return zip_folder(argos_package, top="translate-en_xx-1_0")


def serve(server, *entries: dict, files: dict[str, bytes] | None = None) -> str:
    """Publish an index of ``entries`` (``links`` given as paths on the server) and ``files``; its URL."""
    index = []
    for entry in entries:
        links = [server.url(link) if link.startswith("/") else link for link in entry.get("links", [])]
        index.append({**entry, "links": links})
    server.routes["/index.json"] = (200, json.dumps(index).encode())
    for path, body in (files or {}).items():
        server.routes[path] = (200, body)
    return server.url("/index.json")


def entry(version="1.0", *, from_code="en", to_code="xx", link="/translate-en_xx.argosmodel", **extra) -> dict:
    return {"package_version": version, "argos_version": "1.5", "from_code": from_code, "from_name": "English",
            "to_code": to_code, "to_name": "Upper", "code": f"translate-{from_code}_{to_code}", "links": [link],
            "type": "translate", **extra}


def rezip(package: bytes, change) -> bytes:
    """``package`` with its members passed through ``change(name, data) -> [(name, data), ...]``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            for name, data in change(member.filename, source.read(member)):
                target.writestr(name, data)
    return out.getvalue()


# --- installing -----------------------------------------------------------------------------------------------


def test_install_downloads_verifies_and_installs_where_the_engine_finds_it(
    http_server, loopback_fetcher, package_zip, tmp_path
):
    checksum = hashlib.sha256(package_zip).hexdigest()
    url = serve(http_server, entry(sha256=checksum), files={"/translate-en_xx.argosmodel": package_zip})
    models = tmp_path / "models"
    engine = CTranslate2Engine(models_dir=models)
    assert engine.pairs() == set()

    result = install_argos_package("en", "xx", index_url=url, models_dir=models, fetcher=loopback_fetcher)

    assert result.path == models / "translate-en_xx" and (result.path / "model" / "model.bin").is_file()
    assert (result.name, result.version, result.pair, result.replaced) == ("translate-en_xx", "1.0", ("en", "xx"), None)
    assert result.bytes == len(package_zip) and result.url.endswith("/translate-en_xx.argosmodel")
    assert [p.name for p in models.iterdir()] == ["translate-en_xx"]  # no staging folder left behind
    assert http_server.requests == ["/index.json", "/translate-en_xx.argosmodel"]
    assert engine.pairs() == {("en", "xx")}
    assert engine.translate_batch(["Installed and <x1>working</x1>."], "en", "xx", markup=False) == [
        "INSTALLED AND <x1>WORKING</x1>."
    ]


def test_install_package_returns_the_path(http_server, loopback_fetcher, package_zip, tmp_path):
    url = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    path = install_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)
    assert path == tmp_path / "translate-en_xx" and inspect_model(path).pairs == {("en", "xx")}


def test_the_newest_version_is_installed_and_replaces_the_old_one(http_server, loopback_fetcher, package_zip, tmp_path):
    newer = rezip(package_zip, lambda name, data: [(name, data.replace(b'"1.0"', b'"1.10"') if name.endswith(
        "metadata.json") else data)])
    url = serve(http_server, entry("1.0"), files={"/old.argosmodel": package_zip, "/new.argosmodel": newer})
    http_server.routes["/index.json"] = (200, json.dumps([
        {**entry("1.9"), "links": [http_server.url("/old.argosmodel")]},
        {**entry("1.10"), "links": [http_server.url("/new.argosmodel")]},
    ]).encode())
    (tmp_path / "translate-en_xx").mkdir()
    shutil.copytree(tmp_path / "translate-en_xx", tmp_path / "scratch")  # an unrelated folder stays

    first = install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)
    assert first.version == "1.10" and first.replaced == "unknown"  # the empty folder was no model
    second = install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)
    assert second.replaced == "1.10"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scratch", "translate-en_xx"]
    assert json.loads((second.path / "metadata.json").read_text())["package_version"] == "1.10"


def test_a_link_that_fails_falls_back_to_the_next(http_server, loopback_fetcher, package_zip, tmp_path):
    url = serve(http_server, entry(), files={"/mirror.argosmodel": package_zip})
    http_server.routes["/index.json"] = (200, json.dumps([{**entry(), "links": [
        "ipfs://QmNotHttp", http_server.url("/gone.argosmodel"), http_server.url("/mirror.argosmodel")]}]).encode())
    result = install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)
    assert result.url.endswith("/mirror.argosmodel")


def test_the_index_url_comes_from_the_environment(monkeypatch, http_server, loopback_fetcher, package_zip, tmp_path):
    url = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    monkeypatch.setenv("DRAGOMAN_ARGOS_INDEX_URL", url)
    monkeypatch.setenv("DRAGOMAN_MODELS_DIR", str(tmp_path / "env-models"))
    assert resolve_index_url() == url
    result = install_argos_package("en", "xx", fetcher=loopback_fetcher)
    assert result.path == tmp_path / "env-models" / "translate-en_xx"
    monkeypatch.delenv("DRAGOMAN_ARGOS_INDEX_URL")
    assert resolve_index_url() == DEFAULT_INDEX_URL


def test_without_a_fetcher_one_is_made_with_the_operators_allowlist(monkeypatch, http_server, package_zip, tmp_path):
    url = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    monkeypatch.delenv("DRAGOMAN_FETCH_ALLOW", raising=False)
    with pytest.raises(PackageError, match=r"could not read the Argos index .*loopback"):
        install_package("en", "xx", index_url=url, models_dir=tmp_path)
    monkeypatch.setenv("DRAGOMAN_FETCH_ALLOW", f"127.0.0.1:{http_server.server_address[1]}")
    assert install_package("en", "xx", index_url=url, models_dir=tmp_path).name == "translate-en_xx"


# --- clear errors, nothing installed -----------------------------------------------------------------------------


def assert_refused(http_server, fetcher, tmp_path, body: bytes, message: str, **entry_options) -> None:
    url = serve(http_server, entry(**entry_options), files={"/translate-en_xx.argosmodel": body})
    with pytest.raises(PackageError, match=message):
        install_argos_package("en", "xx", index_url=url, models_dir=tmp_path / "models", fetcher=fetcher)
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").iterdir())


def test_a_corrupt_zip_is_refused(http_server, loopback_fetcher, package_zip, tmp_path):
    assert_refused(http_server, loopback_fetcher, tmp_path, b"PK\x03\x04 this is no zip" + b"\0" * 100,
                   r"translate-en_xx.argosmodel is not a zip archive")
    damaged = bytearray(package_zip)
    offset = damaged.index(b"model.bin") + 200  # inside the stored data of a member
    damaged[offset : offset + 8] = b"\xff" * 8
    with pytest.raises(PackageError, match=r"corrupt|not a zip|not valid"):
        url = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": bytes(damaged)})
        install_argos_package("en", "xx", index_url=url, models_dir=tmp_path / "m2", fetcher=loopback_fetcher)
    assert not (tmp_path / "m2").exists() or not any((tmp_path / "m2").iterdir())


def test_a_package_for_another_pair_is_refused(http_server, loopback_fetcher, package_zip, tmp_path):
    wrong = rezip(package_zip, lambda name, data: [(name, data.replace(b'"to_code": "xx"', b'"to_code": "yy"'))])
    assert_refused(http_server, loopback_fetcher, tmp_path, wrong,
                   r"the package translates en->yy, not the requested en->xx")


def test_a_pair_missing_from_the_index_names_what_there_is(http_server, loopback_fetcher, tmp_path):
    url = serve(http_server, entry(to_code="es"), entry(from_code="de", to_code="en"))
    expected = r"the Argos index has no package for en->xx; pairs with 'en': de->en, en->es"
    with pytest.raises(PackageError, match=expected):
        install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)
    assert list(tmp_path.iterdir()) == []


def test_a_package_without_its_tokenizer_or_model_is_refused(http_server, loopback_fetcher, package_zip, tmp_path):
    no_spm = rezip(package_zip, lambda name, data: [] if name.endswith("sentencepiece.model") else [(name, data)])
    assert_refused(http_server, loopback_fetcher, tmp_path, no_spm, r"the package lacks sentencepiece.model")
    bpe = rezip(package_zip, lambda name, data: [(name.replace("sentencepiece.model", "bpe.model"), data)])
    assert_refused(http_server, loopback_fetcher, tmp_path, bpe, r"tokenizes with BPE")
    no_model = rezip(package_zip, lambda name, data: [] if name.endswith("model.bin") else [(name, data)])
    assert_refused(http_server, loopback_fetcher, tmp_path, no_model, r"lacks model/model.bin")


def test_unsafe_or_strange_archives_are_refused(http_server, loopback_fetcher, package_zip, tmp_path):
    escape = rezip(package_zip, lambda name, data: [(name, data)] + ([("../evil.sh", b"boom")] if name.endswith(
        "metadata.json") else []))
    assert_refused(http_server, loopback_fetcher, tmp_path, escape, r"unsafe path in the archive: '../evil.sh'")
    two_tops = rezip(package_zip, lambda name, data: [(name, data), ("other/" + name, data)] if name.endswith(
        "metadata.json") else [(name, data)])
    assert_refused(http_server, loopback_fetcher, tmp_path, two_tops, r"expected one top folder")
    assert not (tmp_path.parent / "evil.sh").exists()


def test_a_checksum_mismatch_is_refused(http_server, loopback_fetcher, package_zip, tmp_path):
    assert_refused(http_server, loopback_fetcher, tmp_path, package_zip, r"checksum mismatch", sha256="0" * 64)


def test_download_failures_are_reported(http_server, loopback_fetcher, tmp_path):
    url = serve(http_server, entry(link="/missing.argosmodel"))
    with pytest.raises(PackageError, match=r"could not download translate-en_xx 1.0: .*missing.argosmodel: HTTP 404"):
        install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=loopback_fetcher)


def test_a_package_over_the_byte_limit_is_refused(http_server, package_zip, tmp_path):
    url = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    with Fetcher(max_bytes=1000, allow=["127.0.0.1"], robots=False) as small:
        with pytest.raises(PackageError, match=r"over the 1000 byte limit"):
            install_argos_package("en", "xx", index_url=url, models_dir=tmp_path, fetcher=small)


def test_a_broken_index_is_reported(http_server, loopback_fetcher):
    http_server.routes["/index.json"] = (200, b"<html>not json</html>")
    with pytest.raises(PackageError, match=r"the Argos index at .* is not JSON"):
        fetch_index(http_server.url("/index.json"), loopback_fetcher)
    with pytest.raises(PackageError, match=r"could not read the Argos index at .*: HTTP 404"):
        fetch_index(http_server.url("/nowhere.json"), loopback_fetcher)


def test_the_index_is_read_into_entries(http_server, loopback_fetcher):
    url = serve(http_server, entry(), {"from_code": "en", "to_code": "xx", "type": "sbd"}, {"nonsense": 1},
                entry("2.0", to_code="ar", checksum="sha256:" + "ab" * 32))
    entries = fetch_index(url, loopback_fetcher)
    assert [(e.pair, e.package_version, e.sha256) for e in entries] == [
        (("en", "xx"), "1.0", ""), (("en", "ar"), "2.0", "ab" * 32)]
    assert entries[1].links == (http_server.url("/translate-en_xx.argosmodel"),)


# --- the models folder -----------------------------------------------------------------------------------------


def test_the_models_folder_lists_usable_models_only(tmp_path, argos_package, upper_model, sentencepiece_model):
    shutil.copytree(argos_package, tmp_path / "translate-en_xx")
    opus = tmp_path / "opus-mt-de-en"
    shutil.copytree(upper_model, opus)
    (opus / "source.spm").write_bytes(sentencepiece_model)
    (opus / "target.spm").write_bytes(sentencepiece_model)
    (tmp_path / "empty").mkdir()
    (tmp_path / ".installing-x").mkdir()
    nameless = tmp_path / "my-model"
    shutil.copytree(opus, nameless)
    models = installed_models(tmp_path)
    assert [(m.name, m.layout, sorted(m.pairs)) for m in models] == [
        ("opus-mt-de-en", "marian", [("de", "en")]),
        ("translate-en_xx", "argos", [("en", "xx")]),
    ]
    assert models[0].version.startswith("sha256:")  # no package version: a fingerprint of model.bin
    with pytest.raises(PackageError, match="which languages"):
        inspect_model(nameless)
    with pytest.raises(PackageError, match="no model.bin"):
        inspect_model(tmp_path / "empty")
