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

:class:`~dragoman.translate.engines.apertium_apy.ApertiumApyEngine` (registered as ``apertium-apy``, in its
own module) talks to an APY server instead. APY always uses that older deformatter, and silently drops the
end of requests beyond about 40 KB: its docstring says how the engine works around both. The language codes
and name stand-ins here serve both engines.
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
