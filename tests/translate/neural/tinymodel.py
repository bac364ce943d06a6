"""Tiny CTranslate2 models built in milliseconds, without torch or downloads, for the engine's tests.

:func:`build_upper_model` writes an exact "translation" model: a two-layer Transformer whose weights are set
by hand so that it copies its source piece by piece, writing each piece in upper case. The source of a
test therefore has a known translation ("The red car." -> "THE RED CAR."), and the attention the engine
aligns placeholders with is exact: target piece t attends to source piece t.

How the weights do it (pre-norm Transformer, every sublayer but one contributing nothing):

* the model dimension holds three blocks: the input token (one-hot, ``V`` dims), the position (one-hot,
  ``P`` dims, through explicit position encodings) and a "copied token" block (``V`` dims);
* every self-attention and feed-forward output weight is zero, so each layer passes its input on;
* in the last decoder layer, cross-attention head 0 has queries and keys that read the position block
  (scaled so the softmax is one-hot): at step t it attends to source position t; its values read the
  source's token block and its output writes it into the copied-token block;
* the output projection reads the copied-token block, mapping each piece to its upper-case piece.

Layer norms leave the argmax alone: every vector sums one-hot blocks, so their mean and variance are the
same at every position. The source gets ``</s>`` appended by CTranslate2 itself (``add_source_eos`` in the
model's config), so at the step after the last piece the model copies ``</s>`` and stops. With
``language_tokens`` (an NLLB-style model) those tokens are in the vocabulary too and copy to themselves.
"""

from __future__ import annotations

import io
import json
import shutil
import string
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import transformer_spec

POSITIONS = 256
"""Longest source (in pieces, ``</s>`` included) the model reads."""

CHARACTERS = string.ascii_letters + string.digits + " .,;:!?'\"()[]-–—’“”%&/@#+=*_éèàçñüöäÉ€$"
TRAINING_TEXT = [
    "The city council met on Monday to discuss the new bus lines.",
    "Police closed the main street after a gas leak was reported near the station.",
    CHARACTERS,
    " ".join(CHARACTERS),
]


def train_sentencepiece(sentences: list[str] = TRAINING_TEXT) -> bytes:
    """A character-level SentencePiece model trained in memory: every character of ``sentences`` is a
    piece (plus ``<unk>``, ``<s>``, ``</s>``), so mapping pieces to upper case is total."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="char",
        vocab_size=len(set("".join(sentences))) + 4,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="identity",
        minloglevel=2,
    )
    return model.getvalue()


class _SpecConverter(Converter):
    """Saves a ready model specification the way CTranslate2's own converters do."""

    def __init__(self, spec):
        self.spec = spec

    def _load(self):
        return self.spec


def build_upper_model(
    output_dir: Path, sentencepiece_model: bytes, *, language_tokens: tuple[str, ...] = (), add_source_eos=True
) -> Path:
    """Write the upper-casing copy model for ``sentencepiece_model``'s pieces into ``output_dir``."""
    processor = spm.SentencePieceProcessor(model_proto=sentencepiece_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())] + list(language_tokens)
    size = len(vocabulary)
    token, position, copied = 0, size, size + POSITIONS
    dim = 2 * size + POSITIONS
    dim += dim % 2  # two heads

    spec = transformer_spec.TransformerSpec.from_config((2, 2), num_heads=2)
    embeddings = np.zeros((size, dim), np.float32)
    embeddings[np.arange(size), token + np.arange(size)] = 1.0
    encodings = np.zeros((POSITIONS, dim), np.float32)
    encodings[np.arange(POSITIONS), position + np.arange(POSITIONS)] = 1.0
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = encodings
        _layer_norm(stack.layer_norm, dim)
        for layer in stack.layer:
            _layer_norm(layer.self_attention.layer_norm, dim)
            layer.self_attention.linear[0].weight = np.zeros((3 * dim, dim), np.float32)
            layer.self_attention.linear[1].weight = np.zeros((dim, dim), np.float32)
            _layer_norm(layer.ffn.layer_norm, dim)
            layer.ffn.linear_0.weight = np.zeros((4, dim), np.float32)
            layer.ffn.linear_1.weight = np.zeros((dim, 4), np.float32)
            if stack is spec.decoder:
                _layer_norm(layer.attention.layer_norm, dim)
                layer.attention.linear[0].weight = np.zeros((dim, dim), np.float32)
                layer.attention.linear[1].weight = np.zeros((2 * dim, dim), np.float32)
                layer.attention.linear[2].weight = np.zeros((dim, dim), np.float32)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings.copy()

    copy = spec.decoder.layer[-1].attention  # head 0 of the last layer: the alignment head
    copy.linear[0].weight[np.arange(POSITIONS), position + np.arange(POSITIONS)] = 400.0  # queries: position
    copy.linear[1].weight[np.arange(POSITIONS), position + np.arange(POSITIONS)] = 1.0  # keys: position
    copy.linear[1].weight[dim + np.arange(size), token + np.arange(size)] = 1.0  # values: the source token
    copy.linear[2].weight[copied + np.arange(size), np.arange(size)] = 1.0  # out: the copied-token block

    index = {piece: i for i, piece in enumerate(vocabulary)}
    projection = np.zeros((size, dim), np.float32)
    for i, piece in enumerate(vocabulary):
        upper = piece if piece in ("<unk>", "<s>", "</s>") or piece in language_tokens else piece.upper()
        projection[index.get(upper, i), copied + i] = 100.0
    spec.decoder.projection.weight = projection

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = add_source_eos
    _SpecConverter(spec).convert(str(output_dir), force=True)
    return output_dir


def _layer_norm(layer_norm, dim: int) -> None:
    layer_norm.gamma = np.ones(dim, np.float32)
    layer_norm.beta = np.zeros(dim, np.float32)


def write_argos_package(
    folder: Path, model_dir: Path, sentencepiece_model: bytes, *, from_code="en", to_code="xx", version="1.0", **extra
) -> Path:
    """An unpacked Argos package in ``folder``: metadata.json, model/ (a copy of ``model_dir``) and
    sentencepiece.model."""
    folder.mkdir(parents=True)
    shutil.copytree(model_dir, folder / "model")
    (folder / "sentencepiece.model").write_bytes(sentencepiece_model)
    metadata = {
        "package_version": version,
        "argos_version": "1.5",
        "from_code": from_code,
        "from_name": "English",
        "to_code": to_code,
        "to_name": "Upper",
        "code": f"translate-{from_code}_{to_code}",
        **extra,
    }
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return folder


def zip_folder(folder: Path, *, top: str | None = None) -> bytes:
    """``folder`` as an ``.argosmodel``: a zip archive with one top folder (named ``top``)."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"{top or folder.name}/{path.relative_to(folder).as_posix()}")
    return data.getvalue()
