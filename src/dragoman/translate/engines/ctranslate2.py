"""CTranslate2: neural translation on this machine with OPUS-MT, NLLB and Argos models.

    engine = get_engine("ctranslate2", models_dir="/srv/models", beam_size=4)
    engine.pairs()                     # from the installed models (see :mod:`dragoman.translate.packages`)
    engine.translate_batch(["Read the <x1>full report</x1>."], "en", "es", markup=False)

The models are folders in the models folder (``$DRAGOMAN_MODELS_DIR``, else ``$DRAGOMAN_HOME/models``);
:mod:`dragoman.translate.packages` describes the three layouts it reads (Argos package, OPUS-MT/Marian,
NLLB) and installs Argos packages. Each model is loaded on first use, as a ``ctranslate2.Translator``
with its SentencePiece model(s), and kept (the ``max_loaded_models`` most recently used ones), safely
shared between threads. Requires the ``neural`` extra (from a clone: ``.venv/bin/pip install -e '.[neural]'``).

**Placeholders: translate the sentence whole, put the spans back by attention.** A small NMT model does
not keep ``<x1>…</x1>`` tokens: it drops them, translates them, or lets them cut the sentence in two. Nor
may a unit be cut at its placeholders and translated piece by piece (that is the node-by-node
translation this project exists to avoid). So, for each unit:

1. the placeholder tokens are taken out; what remains is the unit's plain text, and each inline element
   is remembered as a character range of it (``<x1>full report</x1>`` covers "full report"), each atom
   (``<x2/>``: an image, a URL, a glossary term) as a position between characters, with whether a space
   stood before and after it (an atom between two letters, a line break in "two lines<x1/>of text",
   leaves a space so that the model reads two words);
2. the plain text is cut into sentences (:func:`~dragoman.translate.align.split_sentences`: a
   conservative splitter that knows abbreviations and initials), and a sentence longer than
   ``max_sentence_tokens`` pieces is cut at its last comma or space before the limit, the only place
   where a sentence is ever cut;
3. the sentences of **all** units go to the model in **one** ``translate_batch`` call (CTranslate2 cuts
   it into batches of ``max_batch_size``), with ``return_attention=True``;
4. every target piece is aligned to the source piece it attends to most (the attention CTranslate2
   returns is the model's alignment head: by default the first head of the last decoder layer);
5. each element's range becomes the target text aligned to the source pieces inside it, widened to whole
   words, clipped into its parent element, and kept apart from its siblings (where two claim the same
   words, the narrower claim wins and the other keeps its longest remaining run); an element nothing
   is aligned to is placed proportionally. Each atom goes after the target word aligned with the source
   word before it (or before the one aligned with the word after it, at the start), inside its parent
   element. The result is well nested by construction, every placeholder exactly once.

Steps 1, 2 and 5 are engine-independent and live in :mod:`dragoman.translate.align`; this module holds
the model's side (pieces, attention, the links it gives).

**Limits.** Attention is an approximate alignment: with a real model a link may land one word off, or
cover a word more or less than a human would give it (the checks cannot see that: they only know that
every link is there once, around words). Atoms that stand for words (a URL, a glossary term, inline
code) are taken out of the sentence the model reads, so the model translates a sentence with a gap; the
atom comes back after the right neighbour, but the grammar around it is the model's guess. Two elements
that the attention maps onto the very same single word are nested rather than separated. Scripts
written without spaces (Chinese, Japanese, Thai…) have no word edges to widen to: elements are aligned
piece by piece there, and sentences are joined without a space.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

from dragoman.translate.align import Link, SourceUnit, cut_point, restore_placeholders, split_sentences
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable
from dragoman.translate.packages import InstalledModel, installed_models, resolve_models_dir

log = logging.getLogger(__name__)

_INSTALL_HINT = "the neural extra; in the clone: .venv/bin/pip install -e '.[neural]' (ctranslate2, sentencepiece)"
_NO_MODELS_HINT = "install one with `dragoman engines install argos --from en --to es` (or the pair you need)"

NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo", "dz"})
"""Target languages written without spaces between words or sentences."""


class CTranslate2Engine(Engine):
    """Neural translation with CTranslate2 models from the models folder."""

    name = "ctranslate2"
    label = "CTranslate2"
    handles_markup = False

    def __init__(
        self,
        *,
        models_dir: str | Path | None = None,
        device: str = "cpu",
        compute_type: str = "default",
        inter_threads: int = 1,
        intra_threads: int = 0,
        beam_size: int = 4,
        max_batch_size: int = 32,
        max_decoding_length: int = 256,
        max_sentence_tokens: int = 200,
        max_loaded_models: int = 4,
    ):
        """Options, as given to ``get_engine("ctranslate2", **options)``:

        :param models_dir: the models folder; default ``$DRAGOMAN_MODELS_DIR``, else
            ``$DRAGOMAN_HOME/models``, else ``./var/models``.
        :param device: ``"cpu"`` (or ``"cuda"`` / ``"auto"`` where CTranslate2 was built for it).
        :param compute_type: CTranslate2's compute type (``"default"`` keeps the model's, ``"int8"``…).
        :param inter_threads: translations run in parallel (each with ``intra_threads`` threads).
        :param intra_threads: threads per translation; 0 lets CTranslate2 choose.
        :param beam_size: beam width (1 is greedy: fastest, a little worse).
        :param max_batch_size: sentences per batch inside the model; a unit batch of any size is one call.
        :param max_decoding_length: longest translation of one sentence, in pieces.
        :param max_sentence_tokens: a longer sentence is cut at a comma or space before it goes in.
        :param max_loaded_models: models kept in memory; the least recently used is dropped beyond.
        """
        if beam_size < 1 or max_batch_size < 1 or max_decoding_length < 1 or max_sentence_tokens < 8:
            raise TypeError("beam_size, max_batch_size, max_decoding_length must be positive, max_sentence_tokens >= 8")
        self.models_dir = resolve_models_dir(models_dir)
        self.device = device
        self.compute_type = compute_type
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self.max_sentence_tokens = max_sentence_tokens
        self.max_loaded_models = max(1, max_loaded_models)
        self._lock = threading.Lock()
        self._catalogue_cache: tuple[object, dict[tuple[str, str], InstalledModel]] | None = None
        self._loaded: OrderedDict[Path, _Loaded] = OrderedDict()
        self._loading: dict[Path, threading.Lock] = {}

    # --- what is installed ---------------------------------------------------------------------------------

    def _catalogue(self) -> dict[tuple[str, str], InstalledModel]:
        """Installed models by pair, read again whenever the models folder changes (a package installed,
        replaced or removed renames a folder in it)."""
        try:
            stamp: object = self.models_dir.stat().st_mtime_ns
        except OSError:
            stamp = None
        with self._lock:
            if self._catalogue_cache is not None and self._catalogue_cache[0] == stamp:
                return self._catalogue_cache[1]
        by_pair: dict[tuple[str, str], InstalledModel] = {}
        for model in installed_models(self.models_dir):
            for pair in sorted(model.pairs):
                # A bilingual model beats a multilingual one for its pair; otherwise the first by name.
                current = by_pair.get(pair)
                if current is None or (current.layout == "nllb" and model.layout != "nllb"):
                    by_pair[pair] = model
        with self._lock:
            self._catalogue_cache = (stamp, by_pair)
        return by_pair

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._catalogue())

    def model_for(self, source: str, target: str) -> InstalledModel:
        """The installed model for ``source -> target``, or :class:`EngineUnavailable` saying what to do."""
        catalogue = self._catalogue()
        try:
            return catalogue[(source, target)]
        except KeyError:
            installed = ", ".join(f"{s}->{t}" for s, t in sorted(catalogue)) or "none"
            raise EngineUnavailable(
                f"no CTranslate2 model for {source}->{target} in {self.models_dir} (installed: {installed}); "
                f"install one with `dragoman engines install argos --from {source} --to {target}`"
            ) from None

    def availability(self) -> tuple[bool, str]:
        library = _library_version()
        if not library:
            return False, f"CTranslate2 is not installed ({_INSTALL_HINT})"
        catalogue = self._catalogue()
        if not catalogue:
            return False, f"no translation model in {self.models_dir}; {_NO_MODELS_HINT}"
        pairs = ", ".join(f"{s}->{t} ({model.label})" for (s, t), model in sorted(catalogue.items()))
        return True, f"CTranslate2 {library} on {self.device}; pairs: {pairs}"

    def version(self) -> str:
        """Library, decoding settings and every installed model with its version, e.g. ``ctranslate2
        4.8.5; beam 4; translate-en_es 1.9``: a new or updated model makes new translation-memory keys."""
        models = sorted({model.label for model in self._catalogue().values()})
        return "; ".join([f"ctranslate2 {_library_version() or 'missing'}", f"beam {self.beam_size}", *models])

    # --- loading -------------------------------------------------------------------------------------------

    def _load(self, model: InstalledModel) -> _Loaded:
        """The model's translator and tokenizers, loaded once and shared between threads."""
        key = model.path
        with self._lock:
            loaded = self._loaded.get(key)
            if loaded is not None and loaded.model == model:
                self._loaded.move_to_end(key)
                return loaded
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one thread loads; the others wait for it rather than load it again
            with self._lock:
                loaded = self._loaded.get(key)
                if loaded is not None and loaded.model == model:
                    return loaded
            loaded = self._build(model)
            with self._lock:
                self._loaded[key] = loaded
                self._loaded.move_to_end(key)
                while len(self._loaded) > self.max_loaded_models:
                    dropped, _ = self._loaded.popitem(last=False)
                    log.info("unloaded the CTranslate2 model in %s", dropped)
        return loaded

    def _build(self, model: InstalledModel) -> _Loaded:
        try:
            import ctranslate2
            import sentencepiece
        except ImportError:
            raise EngineUnavailable(f"CTranslate2 is not installed ({_INSTALL_HINT})") from None
        try:
            translator = ctranslate2.Translator(
                str(model.model_dir),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
            )
            source_sp = sentencepiece.SentencePieceProcessor(model_file=str(model.source_spm))
            target_sp = (
                source_sp
                if model.target_spm == model.source_spm
                else sentencepiece.SentencePieceProcessor(model_file=str(model.target_spm))
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineUnavailable(f"could not load the model {model.label} from {model.path}: {exc}") from exc
        config = _read_config(model.model_dir)
        # Marian and NLLB models expect </s> at the end of the source unless the model adds it itself.
        append_eos = model.layout in ("marian", "nllb") and not config.get("add_source_eos")
        log.info("loaded the CTranslate2 model %s from %s", model.label, model.path)
        return _Loaded(model, translator, source_sp, target_sp, append_eos)

    # --- translating ---------------------------------------------------------------------------------------

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        """Translate plain-text units with ``<xN>`` placeholders (see the module docstring for how the
        placeholders survive); every sentence of every unit goes to the model in one call."""
        if markup:
            raise EngineError("the ctranslate2 engine takes plain text with <xN> placeholders, not markup")
        model = self.model_for(source, target)
        if not texts:
            return []
        loaded = self._load(model)
        sources = [SourceUnit.parse(text) for text in texts]
        prefix, target_prefix = [], None
        if model.layout == "nllb":
            prefix = [model.language_tokens[source]]
            target_prefix = [model.language_tokens[target]]
        suffix = ["</s>"] if loaded.append_eos else []

        jobs: list[_Sentence] = []
        for index, unit in enumerate(sources):
            for start, end in split_sentences(unit.plain):
                jobs.extend(self._encode(loaded, index, unit.plain, start, end))
        outputs = self._run(loaded, [prefix + job.pieces + suffix for job in jobs], target_prefix) if jobs else []

        per_unit: dict[int, list[tuple[_Sentence, list[str], list[list[float]]]]] = {}
        for job, (tokens, attention) in zip(jobs, outputs):
            if target_prefix and tokens[: len(target_prefix)] == target_prefix:
                tokens = tokens[len(target_prefix) :]
                attention = attention[len(target_prefix) :] if len(attention) > len(tokens) else attention
            per_unit.setdefault(job.unit, []).append((job, tokens, attention))
        joiner = "" if target in NO_SPACE_LANGUAGES else " "
        results = []
        for index, (text, unit) in enumerate(zip(texts, sources)):
            if index not in per_unit:  # nothing to translate: only placeholders and spaces
                results.append(text)
                continue
            target_text, links = _assemble(per_unit[index], len(prefix), joiner)
            results.append(restore_placeholders(unit, target_text, links, spaced=bool(joiner)))
        return results

    def _encode(self, loaded: _Loaded, unit: int, plain: str, start: int, end: int) -> list[_Sentence]:
        """The sentence ``plain[start:end]`` as pieces with source offsets, cut where it is too long."""
        text = plain[start:end]
        pieces = loaded.source_sp.encode(text, out_type=str)
        if len(pieces) <= self.max_sentence_tokens:
            return [_Sentence(unit, pieces, [_shift(span, start) for span in _piece_offsets(text, pieces)])]
        offsets = _piece_offsets(text, pieces)
        limit = next((span[0] for span in offsets[self.max_sentence_tokens :] if span), len(text) // 2)
        cut = cut_point(text, limit)
        log.info("cut a sentence of %d pieces at character %d", len(pieces), cut)
        rest = start + cut
        while rest < end and plain[rest].isspace():
            rest += 1
        head_end = start + len(text[:cut].rstrip())
        return self._encode(loaded, unit, plain, start, head_end) + self._encode(loaded, unit, plain, rest, end)

    def _run(
        self, loaded: _Loaded, batch: list[list[str]], target_prefix: list[str] | None
    ) -> list[tuple[list[str], list[list[float]]]]:
        """One ``translate_batch`` call for every sentence; the best hypothesis and its attention each."""
        try:
            results = loaded.translator.translate_batch(
                batch,
                target_prefix=[target_prefix] * len(batch) if target_prefix else None,
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                max_decoding_length=self.max_decoding_length,
                max_input_length=0,  # never truncate silently: sentences were cut to size above
                return_attention=True,
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"CTranslate2 ({loaded.model.label}) failed on {len(batch)} sentences: {exc}") from exc
        return [(list(r.hypotheses[0]), list(r.attention[0]) if r.attention else []) for r in results]


def _library_version() -> str:
    try:
        return importlib_metadata.version("ctranslate2")
    except importlib_metadata.PackageNotFoundError:
        return ""


def _read_config(model_dir: Path) -> dict:
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


@dataclass(eq=False)
class _Loaded:
    model: InstalledModel
    translator: object  # ctranslate2.Translator
    source_sp: object  # sentencepiece.SentencePieceProcessor
    target_sp: object
    append_eos: bool


@dataclass
class _Sentence:
    unit: int  # index of its unit in the batch
    pieces: list[str]
    offsets: list[tuple[int, int] | None]  # each piece's characters in the unit's plain text


# --- pieces and characters ---------------------------------------------------------------------------------------

_BYTE_PIECE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


def _surfaces(pieces: list[str]) -> list[str]:
    """The text each piece stands for (``▁`` is a space); a run of byte pieces (``<0xE2>``…) gives its
    decoded characters to the first piece of the run."""
    surfaces: list[str] = []
    index = 0
    while index < len(pieces):
        if _BYTE_PIECE.match(pieces[index]):
            run = index
            while run < len(pieces) and _BYTE_PIECE.match(pieces[run]):
                run += 1
            data = bytes(int(_BYTE_PIECE.match(p).group(1), 16) for p in pieces[index:run])
            surfaces.append(data.decode("utf-8", errors="replace"))
            surfaces.extend("" for _ in range(index + 1, run))
            index = run
        else:
            surfaces.append(pieces[index].replace("\u2581", " "))
            index += 1
    return surfaces


def _piece_offsets(text: str, pieces: list[str]) -> list[tuple[int, int] | None]:
    """Where each source piece's characters are in ``text`` (None for pieces that are only a space).

    SentencePiece may normalize the text (collapse spaces, NFKC), so pieces are matched greedily from left
    to right, skipping spaces; a piece that cannot be found covers the characters up to the next one.
    """
    surfaces = [surface.strip(" ") for surface in _surfaces(pieces)]
    offsets: list[tuple[int, int] | None] = []
    position = 0
    for index, surface in enumerate(surfaces):
        while position < len(text) and text[position].isspace():
            position += 1
        if not surface or position >= len(text):
            offsets.append(None)
            continue
        if pieces[index] != "<unk>" and text.startswith(surface, position):
            end = position + len(surface)
        else:  # unknown or normalized characters: up to where the next piece is found
            following = next((s for s in surfaces[index + 1 :] if s), "")
            found = text.find(following, position + 1) if following else -1
            end = found if found > position else min(len(text), position + len(surface))
            while end > position + 1 and text[end - 1].isspace():
                end -= 1
        end = max(end, position + 1)
        offsets.append((position, end))
        position = end
    return offsets


def _shift(span: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + by, span[1] + by)


def _assemble(
    sentences: list[tuple[_Sentence, list[str], list[list[float]]]], prefix: int, joiner: str
) -> tuple[str, list[Link]]:
    """The unit's translation (sentences joined) and the alignment links of its pieces."""
    parts: list[str] = []
    links: list[Link] = []
    length = 0
    for job, tokens, attention in sentences:
        surfaces = _surfaces(tokens)
        text = "".join(surfaces)
        lead = len(text) - len(text.lstrip(" "))
        text = text.strip(" ")
        if not text:
            continue
        if parts:
            parts.append(joiner)
            length += len(joiner)
        position = length - lead
        for index, surface in enumerate(surfaces):
            start, end = position, position + len(surface)
            position = end
            core = surface.strip(" ")
            if not core or index >= len(attention):
                continue
            start += len(surface) - len(surface.lstrip(" "))
            end = start + len(core)
            source = _aligned_source(attention[index], job, prefix)
            if source is not None:
                links.append(Link(max(start, length), min(end, length + len(text)), *source))
        parts.append(text)
        length += len(text)
    return "".join(parts), links


def _aligned_source(row: list[float], job: _Sentence, prefix: int) -> tuple[int, int] | None:
    """The source characters of the piece this attention row weighs most (language tokens, ``</s>`` and
    pure spaces are not candidates)."""
    best, best_weight = None, -1.0
    for piece, offsets in enumerate(job.offsets):
        column = prefix + piece
        if offsets is None or column >= len(row):
            continue
        if row[column] > best_weight:
            best, best_weight = offsets, row[column]
    return best
