"""Apertium, as ``apertium -u -f html <mode>`` runs it, with the translating programs kept running.

With Debian's ``transfuse`` installed, Apertium's HTML format hands each block element to the translator
as a separate, null-flushed segment and carries inline tags along with the words they wrap. That gives the
two properties this engine relies on, both verified with apertium 3.8.3 / transfuse 0.5.8 / eng-spa 0.8.1:

* **Batching without bleeding.** A batch travels as one document, one ``<p data-u="N">`` per unit, in a
  single process call (start-up costs about 0.16 s per call, so one call per unit would dominate). Block
  boundaries are hard sentence boundaries for transfuse, and the ``data-u`` attribute comes back verbatim,
  so each translation is found again by its number and no unit's words can reach another.
* **Tags travel.** ``<span id="N">`` moves with its words when the sentence is reordered, and
  ``<br id="N">`` stays where it was between words without breaking the sentence. (Elements such as
  ``img``, ``code`` or an empty ``span`` would split the sentence in two; the markup module never sends
  them.) Transfuse sometimes splits one span into pieces, for example ``the <span id="1">bus network</span>``
  comes back as ``la <span id="1">red</span> de <span id="1">autobús</span>``; the markup module rejoins
  the pieces.

``-u`` keeps unknown words as they are instead of marking them with ``*``.

**Kept running.** By default (``persistent=True``) the engine does what ``apertium -u -f html`` does, with the
same programs and options, but starts the mode's translating programs once and feeds them document after
document, null-flushed (:mod:`dragoman.translate.engines.apertium_pipeline`); only transfuse's
``tf-extract`` and ``tf-inject`` start for each batch. The output is the same, byte for byte; a batch costs a
third of the time and a fifth of the CPU. Each running pipeline holds its mode's data in memory (about 200 MB
for eng-spa), so the engines of a process share them and run at most one per core
(:class:`~dragoman.translate.engines.apertium_pipeline.PipelinePool`). ``persistent=False`` runs the
``apertium`` command for every batch instead.

Without transfuse, Apertium's older HTML deformatter leaves tags at their original positions (a link lands
on the wrong word after reordering), so this engine declares itself unavailable rather than produce that.

:class:`ApertiumApyEngine` (registered as ``apertium-apy``) talks to an APY server instead. APY always uses
that older deformatter, and silently drops the end of requests beyond about 40 KB: its docstring says how
the engine works around both.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from dragoman.translate.align import Link, SourceUnit, restore_placeholders, split_sentences
from dragoman.translate.engines.apertium_pipeline import POOL, PipelinePool
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable

# ISO 639-1 -> the ISO 639-3 codes Apertium's language data uses in mode names.
ISO_639_1_TO_APERTIUM = {
    "af": "afr", "an": "arg", "ar": "ara", "be": "bel", "bg": "bul", "br": "bre", "ca": "cat", "cs": "ces",
    "cy": "cym", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "eo": "epo", "es": "spa", "et": "est",
    "eu": "eus", "fa": "fas", "fi": "fin", "fo": "fao", "fr": "fra", "ga": "gle", "gd": "gla", "gl": "glg",
    "he": "heb", "hi": "hin", "hu": "hun", "id": "ind", "is": "isl", "it": "ita", "kk": "kaz", "ky": "kir",
    "lt": "lit", "lv": "lav", "mk": "mkd", "ms": "msa", "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno",
    "no": "nob", "oc": "oci", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "se": "sme",
    "sh": "hbs", "sk": "slk", "sl": "slv", "sq": "sqi", "sv": "swe", "tr": "tur", "tt": "tat", "uk": "ukr",
    "ur": "urd", "uz": "uzb",
}
APERTIUM_TO_ISO_639_1 = {code: iso for iso, code in ISO_639_1_TO_APERTIUM.items() if iso != "no"}

# A translation direction: "eng-spa". Variants ("spa-eng_US") and debug modes are not offered as pairs.
_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
# A unit as it comes back from transfuse: the wrapper is re-serialized by libxml2 exactly as written.
_UNIT = re.compile(r'<p data-u="(\d+)">(.*?)</p>', re.DOTALL)
# The first line of transfuse's stream names the folder holding the document's state: [transfuse:\/tmp\/transfuse-…]
_TRANSFUSE_STATE = re.compile(rb"\[transfuse:((?:\\.|[^\]\\])+)\]")
# The data package a mode file reads from: /usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin
_DATA_DIR = re.compile(r"(/\S*?/(apertium-[a-z0-9_-]+))/[^/\s']+")

# A word each source language's Apertium dictionaries know as a proper noun and every pair leaves as it is:
# sent in place of a protected name (see Engine.name_stand_in), so the sentence is built around a proper noun
# ("<span>John</span> said" -> "<span>John</span> dijo") rather than around the word a name also is
# ("Trump said" -> "El triunfo dicho"). Verified with eng-spa 0.8.1 and spa-eng; other source languages
# send the name itself.
NAME_STAND_INS = {"en": "John", "es": "Juan"}

_INSTALL_HINT = "Debian: apt-get install apertium transfuse apertium-eng-spa (or the pair you need)"
_NO_TRANSFUSE = "transfuse is not installed (Debian: apt-get install transfuse)"

log = logging.getLogger(__name__)


class ApertiumEngine(Engine):
    """Apertium rule-based translation, run as ``apertium -u -f html`` with transfuse."""

    name = "apertium"
    label = "Apertium"
    handles_markup = True

    def __init__(
        self,
        *,
        command: str = "apertium",
        datadir: str | os.PathLike | None = None,
        timeout: float = 120.0,
        max_chunk_chars: int = 100_000,
        persistent: bool | None = None,
        state_dir: str | os.PathLike | None = None,
        pool: PipelinePool | None = None,
    ):
        """Options, as given to ``get_engine("apertium", **options)``:

        :param command: the ``apertium`` program (a name looked up on ``PATH`` or a path), run for every batch
            when ``persistent`` is false.
        :param datadir: Apertium's data directory (holding ``modes/``); default ``$APERTIUM_DATADIR`` or
            ``/usr/share/apertium``.
        :param timeout: seconds one batch may take before its processes are killed.
        :param max_chunk_chars: a batch larger than this is sent in several calls.
        :param persistent: keep each mode's translating programs running between batches (see the module's
            docstring); false runs ``command`` for every batch. Default: ``$DRAGOMAN_APERTIUM_PERSISTENT``
            read as the other boolean settings are (``1``, ``true``, ``yes`` or ``on``), else true.
        :param state_dir: where transfuse keeps a document's state between ``tf-extract`` and ``tf-inject``
            (a folder per batch, removed after it); default ``/dev/shm`` where it is writable, since
            transfuse's SQLite file syncs to disk about thirty times per document (tf-extract takes 15 ms in
            memory against 27 ms on disk), else the temporary directory.
        :param pool: the running pipelines to borrow from; default the process's own
            (:data:`~dragoman.translate.engines.apertium_pipeline.POOL`, shared by its engines).
        """
        self.command = command
        self.datadir = Path(datadir or os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium")
        self.timeout = timeout
        self.max_chunk_chars = max_chunk_chars
        if persistent is None:
            value = os.environ.get("DRAGOMAN_APERTIUM_PERSISTENT", "").strip().lower()
            persistent = value in {"1", "true", "yes", "on"} if value else True
        self.persistent = persistent
        self.state_dir = Path(state_dir) if state_dir else _memory_backed_dir() or Path(tempfile.gettempdir())
        self.pool = pool or POOL
        self._mode_commands: dict[str, str] = {}
        self._lock = threading.Lock()

    # --- what is installed ---------------------------------------------------------------------------------

    @cached_property
    def _modes(self) -> dict[tuple[str, str], str]:
        """Installed translation directions: ISO 639-1 pair -> Apertium mode name."""
        modes: dict[tuple[str, str], str] = {}
        for path in sorted((self.datadir / "modes").glob("*.mode")):
            match = _MODE_NAME.match(path.stem)
            if not match:
                continue
            source, target = (_iso_code(code) for code in match.groups())
            if source and target:
                modes.setdefault((source, target), path.stem)
        return modes

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._modes)

    def name_stand_in(self, source: str, target: str) -> str | None:
        return NAME_STAND_INS.get(source)

    def mode_for(self, source: str, target: str) -> str:
        """The Apertium mode translating ``source -> target``, or :class:`EngineUnavailable` saying what to
        install."""
        try:
            return self._modes[(source, target)]
        except KeyError:
            pass
        a = ISO_639_1_TO_APERTIUM.get(source, source)
        b = ISO_639_1_TO_APERTIUM.get(target, target)
        installed = ", ".join(f"{s}->{t}" for s, t in sorted(self._modes)) or "none"
        raise EngineUnavailable(
            f"Apertium has no {a}-{b} mode in {self.datadir / 'modes'} for {source}->{target} "
            f"(installed: {installed}); install the pair's data, on Debian "
            f"`apt-get install apertium-{a}-{b}` or `apt-get install apertium-{b}-{a}`"
        )

    def availability(self) -> tuple[bool, str]:
        if not self._program:
            return False, f"the `{self.command}` command is not installed ({_INSTALL_HINT})"
        if not shutil.which("tf-extract"):
            return False, (
                "transfuse is not installed, so Apertium would leave links and other inline tags at their "
                "old positions (Debian: apt-get install transfuse)"
            )
        if not self._modes:
            return False, f"no Apertium language pair is installed in {self.datadir / 'modes'} ({_INSTALL_HINT})"
        pairs = ", ".join(f"{s}->{t}" for s, t in sorted(self._modes))
        return True, f"Apertium with transfuse; pairs: {pairs}"

    @cached_property
    def _program(self) -> str | None:
        return shutil.which(self.command)

    def version(self) -> str:
        """Program and data versions, e.g. ``apertium 3.8.3-1+b2; transfuse 0.5.8-1+b2; apertium-eng-spa
        0.8.1-2``. Every installed pair's data is included, since the signature knows no pair."""
        return self._version

    @cached_property
    def _version(self) -> str:
        data_dirs = self._data_dirs()
        packages = ["apertium", "transfuse", *sorted(data_dirs)]
        versions = _debian_versions(packages)
        parts = []
        for package in packages:
            if package in versions:
                parts.append(f"{package} {versions[package]}")
            elif package == "apertium":
                parts.append(self._run_for_version([self._program or self.command, "-V"]) or "apertium unknown")
            elif package == "transfuse":
                parts.append(self._run_for_version(["tf-extract", "-V"]) or "transfuse unknown")
            else:  # data not installed by dpkg (built from source): fingerprint the files themselves
                parts.append(f"{package} {_fingerprint(data_dirs[package])}")
        return "; ".join(parts)

    def _data_dirs(self) -> dict[str, Path]:
        """Data directories the installed modes read from, by package name."""
        found: dict[str, Path] = {}
        for mode in self._modes.values():
            try:
                text = (self.datadir / "modes" / f"{mode}.mode").read_text(encoding="utf-8")
            except OSError:
                continue
            for match in _DATA_DIR.finditer(text):
                found.setdefault(match.group(2), Path(match.group(1)))
        return found

    @staticmethod
    def _run_for_version(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""

    # --- translating ---------------------------------------------------------------------------------------

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        """Translate ``texts`` in as few process calls as :attr:`max_chunk_chars` allows.

        With ``markup=True`` every text is an HTML fragment (placeholders as attribute-less numbered
        tags, see :mod:`dragoman.translate.markup`); with ``markup=False`` it is plain text, escaped on the
        way in and unescaped on the way out.
        """
        mode = self.mode_for(source, target)
        if not texts:
            return []
        if not self._program:
            raise EngineUnavailable(f"the `{self.command}` command is not installed ({_INSTALL_HINT})")
        bodies = [text if markup else html.escape(text, quote=False) for text in texts]
        results: list[str] = list(bodies)  # whitespace-only texts come back as they went
        todo = [i for i, body in enumerate(bodies) if body.strip()]
        for chunk in self._chunks(todo, bodies):
            translated = self._call(mode, {i: bodies[i] for i in chunk})
            for i in chunk:
                results[i] = translated[i]
        return results if markup else [html.unescape(text) for text in results]

    def _chunks(self, indexes: list[int], bodies: list[str]) -> Iterator[list[int]]:
        chunk: list[int] = []
        size = 0
        for i in indexes:
            if chunk and size + len(bodies[i]) > self.max_chunk_chars:
                yield chunk
                chunk, size = [], 0
            chunk.append(i)
            size += len(bodies[i])
        if chunk:
            yield chunk

    def _call(self, mode: str, bodies: dict[int, str]) -> dict[int, str]:
        """Translate a chunk of units as one document, each numbered by its index in the batch."""
        # NUL ends a block in Apertium's stream; it has no place in HTML text (parsers drop it too).
        document = "".join(f'<p data-u="{i}">{body}</p>\n' for i, body in bodies.items()).replace("\0", "")
        what = f"apertium {mode} on {len(bodies)} units ({len(document)} characters)"
        command = self._pipeline_command(mode) if self.persistent else ""
        if command:
            output = self._translate_running(mode, command, document, what)
        else:
            output = self._translate_once(mode, document, what)
        found: dict[int, str] = {}
        for match in _UNIT.finditer(output):
            index = int(match.group(1))
            if index in found:
                raise EngineError(f"{what} returned unit {index} twice")
            found[index] = match.group(2).strip()
        missing = sorted(set(bodies) - set(found))
        if missing or len(found) != len(bodies):
            shown = ", ".join(map(str, missing[:10])) or "none"
            raise EngineError(
                f"{what} lost unit boundaries (missing units: {shown}); output starts {output[:200]!r}"
            )
        return found

    def _translate_once(self, mode: str, document: str, what: str) -> str:
        """The document through one ``apertium`` process."""
        argv = [self._program or self.command, "-u", "-f", "html", "-d", str(self.datadir), mode]
        # Fail loudly instead of silently falling back to the tag-misplacing deformatter.
        done = self._run(
            argv,
            document.encode("utf-8"),
            time.monotonic() + self.timeout,
            what,
            missing=f"the `{self.command}` command is not installed ({_INSTALL_HINT})",
            env={"APERTIUM_TRANSFUSE": "yes"},
        )
        return self._decoded(done.stdout, what)

    def _run(
        self, argv: list[str], data: bytes, deadline: float, what: str, *, missing: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """Run one program on ``data`` until ``deadline``; what goes wrong is an engine error (``missing``: what
        to say when the program is not installed). Transfuse keeps its state in :attr:`state_dir`."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EngineError(f"{what} timed out after {self.timeout:g} s", retryable=True)
        try:
            done = subprocess.run(
                argv,
                input=data,
                capture_output=True,
                timeout=remaining,
                env={**os.environ, "TMPDIR": str(self.state_dir), **(env or {})},
            )
        except FileNotFoundError:
            raise EngineUnavailable(missing) from None
        except subprocess.TimeoutExpired:
            raise EngineError(f"{what} timed out after {self.timeout:g} s", retryable=True) from None
        except OSError as exc:
            raise EngineError(f"{what}: {argv[0]} could not start: {exc}", retryable=True) from exc
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace")
            detail = " ".join(stderr.split())[-500:] or "no message"
            if "tf-extract" in stderr and os.path.basename(argv[0]) != "tf-extract":
                raise EngineUnavailable(f"{what} needs transfuse (Debian: apt-get install transfuse): {detail}")
            # Killed by a signal (the OOM killer, say) may pass; an error exit will not.
            raise EngineError(
                f"{what}: {os.path.basename(argv[0])} failed with exit status {done.returncode}: {detail}",
                retryable=done.returncode < 0,
            )
        return done

    @staticmethod
    def _decoded(output: bytes, what: str) -> str:
        try:
            return output.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EngineError(f"{what}: Apertium wrote text that is not UTF-8 ({exc})") from None

    # --- the running pipelines -----------------------------------------------------------------------------

    def _pipeline_command(self, mode: str) -> str:
        """The mode's programs with ``-z``, as ``apertium`` runs them (empty when ``apertium-wblank-mode``,
        part of apertium since 3.8, is missing: every batch then runs ``apertium``)."""
        with self._lock:
            if mode not in self._mode_commands:
                self._mode_commands[mode] = self._read_pipeline_command(mode)
            return self._mode_commands[mode]

    def _read_pipeline_command(self, mode: str) -> str:
        mode_file = str(self.datadir / "modes" / f"{mode}.mode")
        try:
            done = subprocess.run(
                ["apertium-wblank-mode", "-z", mode_file], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("apertium-wblank-mode is not usable (%s): each batch runs `apertium`", exc)
            return ""
        if done.returncode != 0 or not done.stdout.strip():
            log.warning("apertium-wblank-mode could not read %s: each batch runs `apertium`", mode_file)
            return ""
        return done.stdout.strip()

    def _translate_running(self, mode: str, command: str, document: str, what: str) -> str:
        """The document through transfuse and the mode's running pipeline (``command``; started if none is
        idle)."""
        deadline = time.monotonic() + self.timeout
        stream = self._run(["tf-extract", "-f", "html"], document.encode("utf-8"), deadline, what, missing=_NO_TRANSFUSE).stdout
        state = _TRANSFUSE_STATE.match(stream)
        injected = False
        try:
            pipeline = self.pool.borrow(mode, command, deadline, what)
            try:
                translated = pipeline.translate(stream, deadline, what)
            except BaseException:
                self.pool.discard(pipeline)
                raise
            self.pool.give_back(pipeline)
            output = self._run(["tf-inject"], translated, deadline, what, missing=_NO_TRANSFUSE).stdout
            injected = True
        finally:
            if state and not injected:  # tf-inject removes the folder; without it, nothing would
                _remove_transfuse_state(state.group(1), self.state_dir)
        return self._decoded(output, what)

    def close(self) -> None:
        """End the idle pipelines of this engine's modes (new ones start if an engine needs them again)."""
        with self._lock:
            commands = {command for command in self._mode_commands.values() if command}
        self.pool.close(commands)


def _iso_code(apertium_code: str) -> str:
    """ISO 639-1 code for an Apertium language code ("" when there is none)."""
    if len(apertium_code) == 2:  # older pairs are named with two-letter codes: "en-es"
        return apertium_code
    return APERTIUM_TO_ISO_639_1.get(apertium_code, "")


def _debian_versions(packages: list[str]) -> dict[str, str]:
    """Installed Debian package versions (empty where dpkg doesn't know the package or isn't there)."""
    if not shutil.which("dpkg-query"):
        return {}
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version} ${db:Status-Abbrev}\\n", *packages],
            capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    versions = {}
    for line in done.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2].startswith("ii"):
            versions[fields[0]] = fields[1]
    return versions


def _remove_transfuse_state(escaped: bytes, state_dir: Path) -> None:
    """Remove the folder transfuse made for a document that was never injected (only such a folder: named
    ``transfuse-…`` in ``state_dir``)."""
    path = Path(re.sub(rb"\\(.)", rb"\1", escaped).decode("utf-8", "replace"))
    if path.name.startswith("transfuse-") and path.parent == state_dir:
        shutil.rmtree(path, ignore_errors=True)


def _memory_backed_dir() -> Path | None:
    """``/dev/shm`` when it is a writable directory (Linux keeps it in memory), else None."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _fingerprint(directory: Path) -> str:
    """A short digest of the names, sizes and modification times of a data directory's files."""
    digest = hashlib.sha256()
    try:
        for path in sorted(directory.iterdir()):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    except OSError:
        return "unknown"
    return "sha256:" + digest.hexdigest()[:12]


# --- Apertium through an APY server ----------------------------------------------------------------------------------

APY_URL_ENV = "DRAGOMAN_APERTIUM_APY_URL"
DEFAULT_APY_URL = "http://127.0.0.1:2737"

# One unit (or a piece of one) of an APY reply, and the atoms inside it.
_APY_PIECE = re.compile(r'<p data-u="(\d+)">(.*?)</p>', re.DOTALL)
_APY_ATOM = re.compile(r'<br id="(\d+)"\s*/?>')
_APY_WORD = re.compile(r"\w+")
_APY_GENERATION_MARK = re.compile(r"#(\w+)")


class ApertiumApyEngine(Engine):
    """Apertium through an APY server (``apertium-apy``): ``/translate`` and ``/listPairs`` over HTTP.

    **APY does not move tags.** Its ``format=html`` runs Apertium's old deformatter (``apertium-deshtml``),
    not transfuse: a tag stays where it was while the words around it are reordered, so "the
    <a>red</a> car" comes back as "el <a>coche</a> rojo" (measured on Debian's apertium-apy 0.11.7 with
    eng-spa). So this engine takes plain units (``handles_markup = False``) and:

    * sends each unit's text **without** its inline elements, so Apertium translates the sentence whole;
      atoms (images, URLs, line breaks…) travel as ``<br id="N">``, which APY keeps in place between the
      same words, as it should for them;
    * sends the text of each inline element **alone** as well (in the same requests), and finds that
      translation in the unit's translation (exactly, else the window of words that shares most words
      with it); the elements are then fitted into a well-nested whole by the same code that places them
      for the neural engine (:func:`dragoman.translate.align.restore_placeholders`); an element whose
      translation cannot be found is placed by proportion.

    The element's words are translated once out of context only to find them; what readers get is the
    sentence translated whole. Apertium translates word by word within a sentence, so the words of an
    element usually come out the same in context; where agreement changes them ("nuevo" alone, "nueva"
    in the sentence) the word-overlap match still finds them. Measured on the eight news paragraphs of
    the command-line engine's tests: the same translated words as ``apertium`` with transfuse in all
    eight, the links on exactly the same words in six; in the other two a link took one word more or
    less (an article Apertium adds to the element's words alone: "<a>El comité…</a>" where transfuse
    gives "El <a>comité…</a>").

    **APY's silent truncation.** APY (0.11.7, ``split_for_translation``) cuts a request's text into pieces
    of 4 KB (PIPE_BUF; 1,000 characters when more than two requests share a pipeline), at a full stop or
    a space, and translates at most ten pieces: beyond about 40 KB the rest of the text is dropped and the
    reply is still HTTP 200 (measured: a 74 KB request of 900 paragraphs came back with 492). Its cuts
    also break sentences, and can fall inside a tag. So every request is kept under
    ``max_request_chars`` (default 1,000 characters: APY never cuts such a request), units are packed
    into as few requests as that allows, a longer unit is sent as groups of whole sentences, and a reply
    that lost a piece is an error, never a shorter translation.

    APY generates with marks (``#`` before a word it could not inflect; ``markUnknown=no`` only drops the
    ``*`` of unknown words): those are removed here, as the command line's ``-u`` does.
    """

    name = "apertium-apy"
    label = "Apertium"
    handles_markup = False

    def __init__(
        self,
        *,
        url: str | None = None,
        timeout: float = 60.0,
        max_request_chars: int = 1000,
        data_version: str = "",
        transport=None,
    ):
        """Options, as given to ``get_engine("apertium-apy", **options)``:

        :param url: the APY server; default ``$DRAGOMAN_APERTIUM_APY_URL``, else ``http://127.0.0.1:2737``.
        :param timeout: seconds one request may take.
        :param max_request_chars: the most characters of text in one request (see the class docstring
            before raising it: above 1,000 APY may cut sentences; above ~40,000 it drops text).
        :param data_version: APY does not report the versions of its language data; set this to a new
            value when the server's pairs are updated, so the translation memory is renewed.
        :param transport: an httpx transport (tests).
        """
        if max_request_chars < 100:
            raise TypeError("max_request_chars must be at least 100")
        self.url = (url or os.environ.get(APY_URL_ENV) or DEFAULT_APY_URL).rstrip("/")
        self.timeout = timeout
        self.max_request_chars = max_request_chars
        self.data_version = data_version
        self._transport = transport
        self._pairs: set[tuple[str, str]] | None = None

    @cached_property
    def _client(self):
        """The engine's httpx client, allowed to reach the APY server the operator configured (usually on
        loopback, which the guard refuses otherwise)."""
        from dragoman.fetch import http_client

        return http_client(timeout=self.timeout, allow=[self.url], transport=self._transport)

    def close(self) -> None:
        """Close the connection pool (a new one is made if the engine is used again)."""
        client = self.__dict__.pop("_client", None)
        if client is not None:
            client.close()

    # --- the server ------------------------------------------------------------------------------------------

    def _request(self, path: str, data: dict[str, str] | None = None) -> dict:
        import httpx

        what = f"APY at {self.url}{path}"
        try:
            if data is None:
                reply = self._client.get(self.url + path)
            else:
                reply = self._client.post(self.url + path, data=data)
        except httpx.HTTPError as exc:
            raise EngineError(f"{what} could not be reached: {exc}", retryable=True) from None
        try:
            body = reply.json()
        except ValueError:
            body = {}
        if reply.status_code != 200:
            detail = body.get("explanation") or body.get("message") or reply.text[:200]
            if reply.status_code == 400 and "not installed" in str(detail):
                raise EngineUnavailable(f"{what}: {detail}")
            raise EngineError(f"{what} answered HTTP {reply.status_code}: {detail}", retryable=reply.status_code >= 500)
        if not isinstance(body, dict) or "responseData" not in body:
            raise EngineError(f"{what} gave an answer that is not APY's: {reply.text[:200]!r}")
        return body

    def pairs(self) -> set[tuple[str, str]]:
        if self._pairs is None:
            body = self._request("/listPairs")
            found = set()
            for pair in body.get("responseData") or []:
                source = _iso_code(str(pair.get("sourceLanguage", "")))
                target = _iso_code(str(pair.get("targetLanguage", "")))
                if source and target:
                    found.add((source, target))
            self._pairs = found
        return set(self._pairs)

    def availability(self) -> tuple[bool, str]:
        try:
            pairs = self.pairs()
        except EngineError as exc:
            return False, f"{exc} (start apertium-apy, bound to 127.0.0.1, or set {APY_URL_ENV})"
        if not pairs:
            return False, f"APY at {self.url} has no language pair installed ({_INSTALL_HINT})"
        return True, f"APY at {self.url}; pairs: {', '.join(f'{s}->{t}' for s, t in sorted(pairs))}"

    def version(self) -> str:
        return "; ".join(part for part in (f"apertium-apy {self.url}", self.data_version) if part)

    def name_stand_in(self, source: str, target: str) -> str | None:
        return NAME_STAND_INS.get(source)

    # --- translating -------------------------------------------------------------------------------------------

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        """Translate plain-text units with ``<xN>`` placeholders (see the class docstring)."""
        if markup:
            raise EngineError("the apertium-apy engine takes plain text with <xN> placeholders, not markup")
        if (source, target) not in self.pairs():
            a, b = ISO_639_1_TO_APERTIUM.get(source, source), ISO_639_1_TO_APERTIUM.get(target, target)
            raise EngineUnavailable(f"APY at {self.url} has no {a}-{b} pair for {source}->{target}")
        langpair = f"{ISO_639_1_TO_APERTIUM.get(source, source)}|{ISO_639_1_TO_APERTIUM.get(target, target)}"
        units = [SourceUnit.parse(text) for text in texts]
        pieces: list[str] = []  # HTML bodies, each a whole piece of a unit, or an element's text
        wholes: list[list[int]] = []  # per unit: its pieces, in order
        elements: list[dict[int, int]] = []  # per unit: element id -> its piece
        for unit in units:
            wholes.append([])
            elements.append({})
            for body in self._unit_bodies(unit):
                wholes[-1].append(len(pieces))
                pieces.append(body)
            for span in unit.all_spans:
                text = unit.plain[span.start : span.end].strip()
                if _APY_WORD.search(text):
                    elements[-1][span.id] = len(pieces)
                    pieces.append(html.escape(text, quote=False))
        translated = self._translate_pieces(pieces, langpair)

        results = []
        for text, unit, whole, found in zip(texts, units, wholes, elements):
            if not unit.plain.strip():
                results.append(text)
                continue
            target_text, atoms = _join_translation([translated[i] for i in whole], unit.plain)
            links = _locate_elements(unit, target_text, {n: html.unescape(translated[i]) for n, i in found.items()})
            results.append(restore_placeholders(unit, target_text, links, atoms=atoms))
        return results

    def _unit_bodies(self, unit) -> list[str]:
        """The unit's plain text as HTML, atoms as ``<br id="N">``; in groups of whole sentences when it is
        longer than a request may be."""
        if not unit.plain.strip():
            return []
        atoms = sorted(_all_atoms(unit), key=lambda point: point.position)
        cuts = [0]
        size = 0
        sentences = split_sentences(unit.plain)
        for start, end in sentences:
            if size and size + end - start > self.max_request_chars - 40:  # room for the <p data-u> wrapper
                cuts.append(start)
                size = 0
            size += end - start
        cuts.append(len(unit.plain) + 1)
        bodies = []
        for low, high in zip(cuts, cuts[1:]):
            parts, position = [], low
            for point in atoms:
                if low <= point.position < high:
                    parts += [html.escape(unit.plain[position : point.position], quote=False), f'<br id="{point.id}">']
                    position = point.position
            parts.append(html.escape(unit.plain[position:high], quote=False))
            bodies.append("".join(parts))
        return bodies

    def _translate_pieces(self, pieces: list[str], langpair: str) -> list[str]:
        """Each piece translated, in requests of at most ``max_request_chars`` characters."""
        out: list[str] = [""] * len(pieces)
        batch: list[int] = []
        size = 0
        for index, body in enumerate(pieces):
            wrapped = len(f'<p data-u="{index}"></p>\n') + len(body)
            if batch and size + wrapped > self.max_request_chars + 1:  # the last piece has no newline
                self._send(batch, pieces, langpair, out)
                batch, size = [], 0
            batch.append(index)
            size += wrapped
        if batch:
            self._send(batch, pieces, langpair, out)
        return out

    def _send(self, batch: list[int], pieces: list[str], langpair: str, out: list[str]) -> None:
        document = "\n".join(f'<p data-u="{i}">{pieces[i]}</p>' for i in batch)
        if len(document) > self.max_request_chars:  # only a single piece can be longer than the limit
            log.warning("an APY request of %d characters (one long sentence): APY may cut it", len(document))
        body = self._request("/translate", {"q": document, "langpair": langpair, "format": "html", "markUnknown": "no"})
        reply = str((body.get("responseData") or {}).get("translatedText") or "")
        found = {int(m.group(1)): m.group(2).strip() for m in _APY_PIECE.finditer(reply)}
        missing = [i for i in batch if i not in found]
        if missing:
            raise EngineError(
                f"APY at {self.url} lost {len(missing)} of {len(batch)} pieces of a {len(document)}-character "
                f"request (a truncated reply?); it starts {reply[:120]!r}",
                retryable=True,
            )
        for i in batch:
            out[i] = found[i]


def _all_atoms(unit) -> list:
    atoms = list(unit.atoms)
    for span in unit.all_spans:
        atoms.extend(span.atoms)
    return atoms


def _join_translation(parts: list[str], source: str) -> tuple[str, dict[int, int]]:
    """The unit's translation as text (pieces joined by a space) and where each atom landed in it.

    APY generates with marks: ``#`` before a word it could not inflect (``markUnknown=no`` only removes
    the ``*`` of unknown words); such a ``#`` is dropped unless the source has it too (a hashtag). Runs of
    spaces (the old deformatter doubles some) become one.
    """
    text = ""
    atoms: dict[int, int] = {}

    def add(segment: str) -> None:
        nonlocal text
        segment = _APY_GENERATION_MARK.sub(lambda m: m.group() if m.group() in source else m.group(1), segment)
        text = re.sub(r"[ \t]{2,}", " ", text + html.unescape(segment))

    for part in parts:
        if text and part:
            text += " "
        position = 0
        for match in _APY_ATOM.finditer(part):
            add(part[position : match.start()])
            atoms[int(match.group(1))] = len(text)
            position = match.end()
        add(part[position:])
    return text, atoms


def _locate_elements(unit, target: str, translations: dict[int, str]):
    """Alignment links for :func:`~dragoman.translate.align.restore_placeholders`: each
    element's own translation found in the unit's translation, linked to a character of the element's own
    text (not of a child's)."""
    words = [(m.start(), m.end(), m.group().casefold()) for m in _APY_WORD.finditer(target)]
    links = []
    for span in unit.all_spans:
        wanted = [w.casefold() for w in _APY_WORD.findall(translations.get(span.id, ""))]
        anchor = _own_character(span)
        if not wanted or anchor is None:
            continue
        expected = round(span.start / max(1, len(unit.plain)) * len(target))
        window = _best_window(words, wanted, expected)
        if window is not None:
            links.append(Link(words[window[0]][0], words[window[1] - 1][1], anchor, anchor + 1))
    return links


def _own_character(span) -> int | None:
    """A position in the element's text that is in none of its children."""
    covered = [(child.start, child.end) for child in span.children]
    for position in range(span.start, span.end):
        if not any(start <= position < end for start, end in covered):
            return position
    return None


def _best_window(words: list[tuple[int, int, str]], wanted: list[str], expected: int) -> tuple[int, int] | None:
    """The run of target words that matches ``wanted`` best: exactly if it is there, else the window (as
    long as ``wanted``, give or take one word) sharing the most words with it (:func:`_overlap`), if that
    is half of them. Ties go to the
    window nearest ``expected`` (the element's proportional place), then to the one as long as ``wanted``."""
    size = len(wanted)
    best, best_key = None, (0.0, 0, 0)
    exact = None
    for length in {size, max(1, size - 1), size + 1}:
        for start in range(0, len(words) - length + 1):
            window = [word for _, _, word in words[start : start + length]]
            distance = abs(words[start][0] - expected)
            if window == wanted:
                if exact is None or distance < exact[0]:
                    exact = (distance, (start, start + length))
                continue
            key = (round(_overlap(window, wanted), 6), -distance, -abs(length - size))
            if key > best_key:
                best, best_key = (start, start + length), key
    if exact is not None:
        return exact[1]
    return best if best_key[0] >= 0.5 else None


def _overlap(window: list[str], wanted: list[str]) -> float:
    """The share of ``wanted`` found in ``window``, each word used once and weighed by its length (an
    article or a preposition alone is no evidence); a word sharing its first four letters counts 3/4."""
    free = list(window)
    total = 0.0
    for word in wanted:
        if word in free:
            free.remove(word)
            total += _weight(word)
            continue
        stem = next((w for w in free if len(word) >= 4 and len(w) >= 4 and w[:4] == word[:4]), None)
        if stem is not None:
            free.remove(stem)
            total += 0.75 * _weight(word)
    return total / max(sum(map(_weight, window)), sum(map(_weight, wanted)))


def _weight(word: str) -> float:
    return 1.0 if len(word) > 3 else 0.25
