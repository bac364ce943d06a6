"""Neural translation models on disk: where they live, what is installed, and installing Argos packages.

    from dragoman.translate.packages import install_argos_package, installed_models

    result = install_argos_package("en", "ar")          # downloads, verifies, installs; prints nothing
    result.path, result.name, result.version, result.replaced
    [model.pairs for model in installed_models()]

Plain Python (never imports Django, nor ``ctranslate2``): the installer needs neither, and the
:mod:`~dragoman.translate.engines.ctranslate2` engine reads what :func:`installed_models` finds.

**Where models live**: ``$DRAGOMAN_MODELS_DIR``, else ``$DRAGOMAN_HOME/models``, else ``./var/models``
(:func:`resolve_models_dir`). Each model is one folder directly inside it, in one of three layouts:

* **Argos package** (what :func:`install_argos_package` installs, or an ``.argosmodel`` unzipped by
  hand): ``metadata.json`` (``from_code``, ``to_code``, ``package_version``…), ``model/`` (the
  CTranslate2 model directory) and ``sentencepiece.model``. Packages whose tokenizer is a ``bpe.model``
  are refused: only SentencePiece is supported.
* **OPUS-MT / Marian** converted to CTranslate2 (``ct2-transformers-converter --copy_files source.spm
  target.spm``): ``model.bin`` with ``source.spm`` and ``target.spm`` beside it. The pair comes from a
  ``metadata.json`` if there is one, else from the folder's name in the Helsinki-NLP form
  ``opus-mt-en-de``. The source gets the ``</s>`` these models expect.
* **NLLB** (or another multilingual model steered by language tokens): ``model.bin``, a SentencePiece
  model (``sentencepiece.bpe.model`` or ``sentencepiece.model``) and a ``metadata.json`` with
  ``"languages": {"en": "eng_Latn", "ar": "arb_Arab", …}``; every ordered pair of those languages is
  offered, the source starts with its language token and the target with its own.

A model's version is its ``package_version`` (and name), or for folders without one a fingerprint of
``model.bin``; it goes into translation-memory keys through the engine's ``version()``.

**Installing** (:func:`install_argos_package`): the Argos index (JSON, a list of packages with
``from_code``, ``to_code``, ``package_version``, ``links``…; URL from ``$DRAGOMAN_ARGOS_INDEX_URL``,
default :data:`DEFAULT_INDEX_URL`) is read through :class:`dragoman.fetch.Fetcher`, the newest package for
the pair is downloaded through it too (http and https links only, tried in order), and verified before
anything is written: a zip archive, one top folder, no absolute or ``..`` paths or links, a size cap when
unpacked, ``metadata.json`` naming the requested pair, ``model/model.bin`` and a vocabulary,
and ``sentencepiece.model``; a checksum when the index gives one (``sha256`` or
``checksum: "sha256:…"``). It is unpacked into a temporary folder inside the models folder and renamed into
place, so the engine never sees half a package; an older version of the same package is replaced.
Every failure is a :class:`PackageError` that says what was wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from dragoman.fetch import Fetcher, FetchError

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
INDEX_URL_ENV = "DRAGOMAN_ARGOS_INDEX_URL"
MODELS_DIR_ENV = "DRAGOMAN_MODELS_DIR"

MAX_INDEX_BYTES = 5 * 1024 * 1024
MAX_PACKAGE_BYTES = 1024 * 1024 * 1024
"""Largest package download accepted (Argos packages are 50-250 MB)."""
MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024
"""Largest total size of a package's files once unpacked (a zip bomb stops here)."""
INDEX_TIMEOUT = 60.0
DOWNLOAD_TIMEOUT = 1800.0
"""Seconds a whole package download may take (the Fetcher's limit is for the whole transfer)."""
ALLOW_ENV = "DRAGOMAN_FETCH_ALLOW"

_SPM_NAMES = ("sentencepiece.model", "sentencepiece.bpe.model", "spm.model")
_OPUS_MT_NAME = re.compile(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_STAGING_PREFIX = ".installing-"
_RETIRED_PREFIX = ".replaced-"


class PackageError(Exception):
    """A package could not be found, downloaded, verified or installed; the message says which and why."""


def resolve_models_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder holding the models: ``path`` if given, else ``$DRAGOMAN_MODELS_DIR``, else
    ``$DRAGOMAN_HOME/models``, else ``./var/models``."""
    if path:
        return Path(path)
    if os.environ.get(MODELS_DIR_ENV):
        return Path(os.environ[MODELS_DIR_ENV])
    home = os.environ.get("DRAGOMAN_HOME") or Path.cwd() / "var"
    return Path(home) / "models"


def resolve_index_url(url: str | None = None) -> str:
    """The Argos index URL: ``url`` if given, else ``$DRAGOMAN_ARGOS_INDEX_URL``, else the public index."""
    return url or os.environ.get(INDEX_URL_ENV) or DEFAULT_INDEX_URL


# --- installed models ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstalledModel:
    """One model folder the engine can load."""

    name: str  # "translate-en_ar", "opus-mt-en-de"
    version: str  # the package version, or a fingerprint of model.bin
    layout: str  # "argos" | "marian" | "nllb"
    path: Path  # the model's folder in the models folder
    model_dir: Path  # the CTranslate2 directory (holding model.bin)
    source_spm: Path
    target_spm: Path
    pairs: frozenset[tuple[str, str]]
    language_tokens: dict[str, str] = field(default_factory=dict, compare=False)  # nllb: "en" -> "eng_Latn"

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


def installed_models(directory: str | os.PathLike | None = None) -> list[InstalledModel]:
    """Every usable model in the models folder, sorted by name. Folders that are no model (or a broken
    one) are skipped; :func:`inspect_model` says why."""
    root = resolve_models_dir(directory)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue
        try:
            found.append(inspect_model(path))
        except PackageError:
            continue
    return found


def inspect_model(path: Path) -> InstalledModel:
    """The model in folder ``path``, or :class:`PackageError` saying why it is not a usable model."""
    metadata = _read_metadata(path / "metadata.json") if (path / "metadata.json").is_file() else {}
    if (path / "model" / "model.bin").is_file():  # an Argos package
        if not (path / "sentencepiece.model").is_file():
            if (path / "bpe.model").is_file():
                raise PackageError(f"{path}: the package tokenizes with BPE (bpe.model); only SentencePiece works")
            raise PackageError(f"{path}: sentencepiece.model is missing")
        pair = _metadata_pair(metadata, path)
        spm = path / "sentencepiece.model"
        return InstalledModel(
            name=str(metadata.get("code") or path.name),
            version=str(metadata.get("package_version") or _fingerprint(path / "model" / "model.bin")),
            layout="argos",
            path=path,
            model_dir=path / "model",
            source_spm=spm,
            target_spm=spm,
            pairs=frozenset({pair}),
        )
    if not (path / "model.bin").is_file():
        raise PackageError(f"{path}: no model.bin and no model/model.bin")
    version = str(metadata.get("package_version") or metadata.get("version") or _fingerprint(path / "model.bin"))
    name = str(metadata.get("code") or metadata.get("name") or path.name)
    if (path / "source.spm").is_file() and (path / "target.spm").is_file():
        if metadata.get("from_code"):
            pair = _metadata_pair(metadata, path)
        else:
            match = _OPUS_MT_NAME.search(path.name)
            if not match:
                raise PackageError(
                    f"{path}: which languages? add a metadata.json with from_code and to_code, or name the "
                    "folder opus-mt-<from>-<to>"
                )
            pair = (match.group(1), match.group(2))
        return InstalledModel(
            name, version, "marian", path, path, path / "source.spm", path / "target.spm", frozenset({pair})
        )
    spm = next((path / name for name in _SPM_NAMES if (path / name).is_file()), None)
    if spm is None:
        raise PackageError(f"{path}: no SentencePiece model (source.spm/target.spm, {', '.join(_SPM_NAMES)})")
    languages = metadata.get("languages")
    if isinstance(languages, dict) and len(languages) >= 2:
        tokens = {str(code): str(token) for code, token in languages.items()}
        pairs = frozenset((a, b) for a in tokens for b in tokens if a != b)
        return InstalledModel(name, version, "nllb", path, path, spm, spm, pairs, tokens)
    if metadata.get("from_code"):  # a bilingual model with one SentencePiece model for both sides
        return InstalledModel(name, version, "argos", path, path, spm, spm, frozenset({_metadata_pair(metadata, path)}))
    raise PackageError(
        f"{path}: which languages? add a metadata.json with from_code and to_code, or with "
        '"languages": {"en": "eng_Latn", …} for a multilingual model'
    )


def _read_metadata(path: Path) -> dict:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{path} is not readable JSON: {exc}") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{path} is not a JSON object")
    return metadata


def _metadata_pair(metadata: dict, where: Path | str) -> tuple[str, str]:
    source, target = str(metadata.get("from_code") or ""), str(metadata.get("to_code") or "")
    if not (_LANGUAGE.match(source) and _LANGUAGE.match(target)):
        raise PackageError(f"{where}: metadata.json has no valid from_code/to_code ({source!r}, {target!r})")
    return source, target


def _fingerprint(path: Path) -> str:
    """A short stand-in for a version: size and modification time of ``path``."""
    info = path.stat()
    return "sha256:" + hashlib.sha256(f"{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()[:12]


# --- the Argos index ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """One package of the Argos index."""

    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]
    code: str  # "translate-en_ar"
    from_name: str = ""
    to_name: str = ""
    sha256: str = ""  # lower-case hex, when the index gives a checksum

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code

    @property
    def version_key(self) -> tuple:
        """Sorts versions numerically: 1.10 after 1.9."""
        return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\-_]", self.package_version))


def fetch_index(url: str | None = None, fetcher: Fetcher | None = None) -> list[IndexEntry]:
    """The translation packages of the Argos index at ``url`` (default: :func:`resolve_index_url`).

    ``fetcher`` is the :class:`~dragoman.fetch.Fetcher` to use (one with the operator's settings, or a
    test's); without one, a Fetcher of its own is made (see :func:`install_argos_package`) and closed.
    """
    url = resolve_index_url(url)
    with _fetcher(fetcher, MAX_INDEX_BYTES, INDEX_TIMEOUT) as client:
        try:
            response = client.get(url, accept="application/json")
        except FetchError as exc:
            raise PackageError(f"could not read the Argos index at {url}: {exc.reason}") from None
    try:
        data = json.loads(response.content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"the Argos index at {url} is not JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("packages"), list):
        data = data["packages"]
    if not isinstance(data, list):
        raise PackageError(f"the Argos index at {url} is not a list of packages")
    return [entry for entry in (_index_entry(item) for item in data) if entry is not None]


def _index_entry(item: object) -> IndexEntry | None:
    if not isinstance(item, dict) or item.get("type", "translate") != "translate":
        return None
    source, target = str(item.get("from_code") or ""), str(item.get("to_code") or "")
    if not (_LANGUAGE.match(source) and _LANGUAGE.match(target)):
        return None
    links = item.get("links") or []
    if isinstance(links, str):
        links = [links]
    checksum = str(item.get("sha256") or item.get("checksum") or "").lower().removeprefix("sha256:")
    return IndexEntry(
        from_code=source,
        to_code=target,
        package_version=str(item.get("package_version") or "0"),
        links=tuple(str(link) for link in links if isinstance(link, str)),
        code=str(item.get("code") or f"translate-{source}_{target}"),
        from_name=str(item.get("from_name") or ""),
        to_name=str(item.get("to_name") or ""),
        sha256=checksum if re.fullmatch(r"[0-9a-f]{64}", checksum) else "",
    )


def find_package(entries: Iterable[IndexEntry], from_code: str, to_code: str) -> IndexEntry:
    """The newest package translating ``from_code -> to_code``, or :class:`PackageError` listing the pairs
    the index does have from that language."""
    matching = [entry for entry in entries if entry.pair == (from_code, to_code)]
    if matching:
        return max(matching, key=lambda entry: entry.version_key)
    entries = list(entries)
    nearby = sorted({f"{e.from_code}->{e.to_code}" for e in entries if from_code in e.pair})
    hint = f"; pairs with {from_code!r}: {', '.join(nearby)}" if nearby else f" ({len(entries)} packages listed)"
    raise PackageError(f"the Argos index has no package for {from_code}->{to_code}{hint}")


# --- installing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstallResult:
    """What :func:`install_argos_package` did, for the command line to report."""

    path: Path  # the installed package's folder
    name: str  # "translate-en_ar"
    version: str
    pair: tuple[str, str]
    url: str  # where it was downloaded from
    bytes: int  # size of the download
    replaced: str | None  # the version it replaced, if one was installed


def install_package(
    from_code: str,
    to_code: str,
    *,
    index_url: str | None = None,
    models_dir: str | os.PathLike | None = None,
    fetcher: Fetcher | None = None,
) -> Path:
    """Download, verify and install the Argos package for ``from_code -> to_code``; its folder.

    See :func:`install_argos_package`, which this calls, for the details and a fuller result.
    """
    return install_argos_package(
        from_code, to_code, index_url=index_url, models_dir=models_dir, fetcher=fetcher
    ).path


def install_argos_package(
    from_code: str,
    to_code: str,
    *,
    index_url: str | None = None,
    models_dir: str | os.PathLike | None = None,
    fetcher: Fetcher | None = None,
    max_bytes: int = MAX_PACKAGE_BYTES,
) -> InstallResult:
    """Install the newest Argos package for ``from_code -> to_code`` into the models folder.

    Prints nothing; returns an :class:`InstallResult` or raises :class:`PackageError`. ``fetcher``, when
    given, makes every request (its own ``max_bytes`` and ``timeout`` must allow a package of a few
    hundred MB); otherwise one is made with ``max_bytes``, :data:`DOWNLOAD_TIMEOUT`, the operator's
    allowlist ``$DRAGOMAN_FETCH_ALLOW`` (for an index or mirror on the local network) and without
    robots.txt (an operator's download of one named file is not crawling).
    """
    target_dir = resolve_models_dir(models_dir)
    with _fetcher(fetcher, max_bytes, timeout=DOWNLOAD_TIMEOUT) as client:
        entry = find_package(fetch_index(index_url, client), from_code, to_code)
        url, payload = _download(entry, client)
    top, metadata = verify_package(payload, from_code, to_code, sha256=entry.sha256, source=url)
    name = _safe_folder_name(str(metadata.get("code") or entry.code))
    version = str(metadata.get("package_version") or entry.package_version)
    path, replaced = _install(payload, top, target_dir / name)
    return InstallResult(path, name, version, (from_code, to_code), url, len(payload), replaced)


class _fetcher:
    """The given Fetcher as it is, or a new one (closed on exit)."""

    def __init__(self, fetcher: Fetcher | None, max_bytes: int, timeout: float):
        self.given = fetcher
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.made: Fetcher | None = None

    def __enter__(self) -> Fetcher:
        if self.given is not None:
            return self.given
        allow = [entry.strip() for entry in os.environ.get(ALLOW_ENV, "").split(",") if entry.strip()]
        self.made = Fetcher(max_bytes=self.max_bytes, timeout=self.timeout, allow=allow, robots=False)
        return self.made

    def __exit__(self, *exc) -> None:
        if self.made is not None:
            self.made.close()


def _download(entry: IndexEntry, fetcher: Fetcher) -> tuple[str, bytes]:
    """The package's bytes from the first of its links that works."""
    links = [link for link in entry.links if urlsplit(link).scheme in ("http", "https")]
    if not links:
        raise PackageError(f"{entry.code} {entry.package_version}: the index gives no http(s) link to download it")
    failures = []
    for link in links:
        try:
            response = fetcher.get(link, accept="application/zip, application/octet-stream, */*")
        except FetchError as exc:
            failures.append(f"{link}: {exc.reason}")
            continue
        return link, response.content
    raise PackageError(f"could not download {entry.code} {entry.package_version}: " + "; ".join(failures))


def verify_package(
    payload: bytes, from_code: str, to_code: str, *, sha256: str = "", source: str = "the package"
) -> tuple[str, dict]:
    """Check a downloaded ``.argosmodel`` before anything is written; its top folder and metadata.

    Raises :class:`PackageError` naming the first thing wrong.
    """
    if sha256:
        actual = hashlib.sha256(payload).hexdigest()
        if actual != sha256:
            raise PackageError(f"{source}: checksum mismatch (sha256 {actual}, the index says {sha256})")
    try:
        archive = zipfile.ZipFile(BytesIO(payload))
    except zipfile.BadZipFile:
        raise PackageError(f"{source} is not a zip archive ({len(payload)} bytes)") from None
    with archive:
        members = archive.infolist()
        if not members:
            raise PackageError(f"{source}: the archive is empty")
        tops = set()
        unpacked = 0
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in member.filename or not path.parts:
                raise PackageError(f"{source}: unsafe path in the archive: {member.filename!r}")
            if stat.S_ISLNK(member.external_attr >> 16):
                raise PackageError(f"{source}: the archive holds a symbolic link: {member.filename!r}")
            tops.add(path.parts[0])
            unpacked += member.file_size
        if len(tops) != 1 or not any(m.filename.startswith(f"{next(iter(tops))}/") for m in members):
            raise PackageError(
                f"{source}: expected one top folder in the archive, found {', '.join(sorted(tops)[:5])}"
            )
        if unpacked > MAX_UNPACKED_BYTES:
            raise PackageError(f"{source}: {unpacked} bytes unpacked is over the {MAX_UNPACKED_BYTES} byte limit")
        top = tops.pop()
        names = {m.filename for m in members}
        try:
            metadata = json.loads(archive.read(f"{top}/metadata.json"))
        except KeyError:
            raise PackageError(f"{source}: {top}/metadata.json is missing") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackageError(f"{source}: {top}/metadata.json is not valid JSON: {exc}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PackageError(f"{source}: the archive is corrupt ({exc})") from None
        if not isinstance(metadata, dict):
            raise PackageError(f"{source}: {top}/metadata.json is not a JSON object")
        pair = (metadata.get("from_code"), metadata.get("to_code"))
        if pair != (from_code, to_code):
            raise PackageError(
                f"{source}: the package translates {pair[0]}->{pair[1]}, not the requested {from_code}->{to_code}"
            )
        required = ["model/model.bin", "sentencepiece.model"]
        missing = [name for name in required if f"{top}/{name}" not in names]
        if not any(f"{top}/model/{vocab}" in names for vocab in _VOCABULARIES):
            missing.append("model/shared_vocabulary (or source/target vocabularies)")
        if "sentencepiece.model" in " ".join(missing) and f"{top}/bpe.model" in names:
            raise PackageError(f"{source}: the package tokenizes with BPE (bpe.model); only SentencePiece works")
        if missing:
            raise PackageError(f"{source}: the package lacks {', '.join(missing)}")
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PackageError(f"{source}: the archive is corrupt ({exc})") from None
        if bad is not None:
            raise PackageError(f"{source}: {bad} is corrupt in the archive (CRC mismatch)")
    return top, metadata


_VOCABULARIES = (
    "shared_vocabulary.json", "shared_vocabulary.txt", "source_vocabulary.json", "source_vocabulary.txt",
)


def _safe_folder_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "package"
    return cleaned[:100]


def _install(payload: bytes, top: str, destination: Path) -> tuple[Path, str | None]:
    """Unpack into a staging folder beside ``destination``, then move it into place; the version replaced."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    replaced = None
    if destination.exists():
        try:
            replaced = inspect_model(destination).version
        except PackageError:
            replaced = "unknown"
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=destination.parent))
    retired: Path | None = None
    try:
        with zipfile.ZipFile(BytesIO(payload)) as archive:
            archive.extractall(staging)
        unpacked = staging / top
        inspect_model(unpacked)  # the engine must be able to read what we install
        if destination.exists():
            retired = destination.parent / f"{_RETIRED_PREFIX}{destination.name}-{os.getpid()}"
            os.rename(destination, retired)
        os.rename(unpacked, destination)
    except (OSError, zipfile.BadZipFile) as exc:
        if retired is not None and not destination.exists():
            os.rename(retired, destination)
            retired = None
        raise PackageError(f"could not install into {destination}: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return destination, replaced
