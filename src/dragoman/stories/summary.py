"""A story's extractive summary: sentences chosen from its members, in the comparison language (the texts the
index compares), each with the article and the source it comes from.

The choice (docs/stories.md):

* every sentence of every member's text is a candidate, except those of fewer than ``MIN_WORDS`` words or
  more than ``MAX_WORDS`` (captions, lists, run-ons); a sentence written the same way twice (a wire copy's)
  is one candidate, credited to the earliest article;
* a candidate's **centrality** is the cosine of its TF-IDF vector with the story's (IDF over the story's
  sentences, the story's vector the sum of its members'), plus ``LEAD_BONUS`` for its paragraph's first
  sentence in an article (where the news is told);
* sentences are chosen greedily (maximal marginal relevance): the most central, less ``REDUNDANCY`` times
  its highest similarity to those already chosen, less ``SAME_ARTICLE`` when its article already gave one;
  a sentence as similar as ``REPEAT`` to one chosen is a repeat and never chosen.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dragoman.stories import text as T
from dragoman.stories.grouping import StoryDoc

MIN_WORDS, MAX_WORDS = 6, 60
LEAD_BONUS = 0.1
REDUNDANCY = 0.7
SAME_ARTICLE = 0.15
REPEAT = 0.6
#: Texts whose candidate sentences are kept (:func:`_sentences`): a story is summarised again at every member
#: that joins, and its members' texts do not change, so each is split and weighed once per process.
CACHED_TEXTS = 2048
#: Terms numbered at most by one vocabulary (:class:`_Vocabulary`); a new one is begun past it.
VOCABULARY_TERMS = 200_000


@dataclass(frozen=True)
class SummarySentence:
    text: str
    doc_id: str
    source: str


class _Vocabulary:
    """Numbers for terms, the same for every text summarised while it lasts (the columns of the arithmetic)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.lock = threading.Lock()

    def ids(self, terms) -> np.ndarray:
        with self.lock:
            return np.fromiter((self.numbers.setdefault(t, len(self.numbers)) for t in terms), dtype=np.intp)


_vocabulary = _Vocabulary()


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a text that may be a candidate: within the word limits, with its content terms."""

    text: str
    key: str  # its folded words: a sentence written the same way twice is one candidate
    number: int  # in its paragraph (0: the paragraph's first)
    ids: np.ndarray  # its content terms (their numbers in the vocabulary), in order; none: never chosen
    weights: np.ndarray  # each term's 1 + log(count)


@dataclass(frozen=True)
class _Text:
    """A text's sentences within the word limits, in order, and those with content terms (its candidates) as
    arrays: their terms and weights one after the other, each one's number of terms, whether it leads its
    paragraph."""

    sentences: tuple[_Sentence, ...]
    keys: frozenset[str]
    distinct: bool  # no sentence written twice in it
    candidates: tuple[_Sentence, ...]
    ids: np.ndarray
    weights: np.ndarray
    lengths: np.ndarray
    lead: np.ndarray

    def only(self, kept: np.ndarray) -> tuple[np.ndarray, ...]:
        """The arrays of the candidates ``kept`` (a mask over them)."""
        terms = np.repeat(kept, self.lengths)
        return self.ids[terms], self.weights[terms], self.lengths[kept], self.lead[kept]


@lru_cache(maxsize=CACHED_TEXTS)
def _text(text: str, language: str, vocabulary: _Vocabulary) -> _Text:
    """The sentences of ``text`` within the word limits, with their terms in ``language``."""
    found = []
    for paragraph in T.paragraphs(text):
        for s, sentence in enumerate(T.sentences(paragraph)):
            words = T.words(sentence)
            if not MIN_WORDS <= len(words) <= MAX_WORDS:
                continue
            terms = T.terms_of_words(words, language)
            weights = np.array([1.0 + math.log(k) for k in terms.values()], dtype=np.float64)
            found.append(_Sentence(sentence, " ".join(words), s, vocabulary.ids(terms), weights))
    keys = [s.key for s in found]
    candidates = tuple(s for s in found if len(s.ids))
    return _Text(
        tuple(found), frozenset(keys), len(set(keys)) == len(keys), candidates,
        np.concatenate([s.ids for s in candidates] or [np.empty(0, dtype=np.intp)]),
        np.concatenate([s.weights for s in candidates] or [np.empty(0)]),
        np.array([len(s.ids) for s in candidates], dtype=np.intp),
        np.array([s.number == 0 for s in candidates], dtype=bool),
    )  # fmt: skip


def _vocabulary_now() -> _Vocabulary:
    """The vocabulary to number a summary's terms with; a new one when it has grown past its bound (the texts
    numbered by the old one are split again as they come)."""
    global _vocabulary
    if len(_vocabulary.numbers) > VOCABULARY_TERMS:
        _vocabulary = _Vocabulary()
    return _vocabulary


def extractive_summary(docs: list[StoryDoc], *, sentences: int = 3) -> list[SummarySentence]:
    """Up to ``sentences`` sentences that tell the story, chosen across ``docs`` (see the module).

    The arithmetic is done on arrays, with every sum taken in the order the module's definition gives (a
    sentence's terms in order, the sentences in order), so that the choice is the same, to the last bit, as
    the sentence-by-sentence computation it replaced (tests/stories/test_summary.py holds it to it)."""
    if sentences <= 0:
        return []
    vocabulary = _vocabulary_now()
    seen: set[str] = set()
    chosen_from: list[_Sentence] = []
    docs_of: list[StoryDoc] = []
    blocks: list[tuple[np.ndarray, ...]] = []  # each doc's candidates: terms, weights, lengths, leads, doc number
    doc_numbers: dict[str, int] = {}  # a sentence's article is told by its id
    for doc in sorted(docs, key=lambda d: (d.published, d.id)):
        text = _text(doc.text, "" if doc.original_text else doc.language, vocabulary)
        if text.distinct and seen.isdisjoint(text.keys):  # every sentence of it is new: all its candidates
            seen.update(text.keys)
            kept = list(text.candidates)
            arrays = (text.ids, text.weights, text.lengths, text.lead)
        else:
            new = []
            for sentence in text.sentences:
                if sentence.key not in seen:
                    seen.add(sentence.key)
                    new.append(sentence.key)
            fresh = set(new)
            mask = np.fromiter((c.key in fresh for c in text.candidates), dtype=bool, count=len(text.candidates))
            kept = [c for c, keep in zip(text.candidates, mask.tolist()) if keep]
            arrays = text.only(mask)
        blocks.append((*arrays, np.full(len(kept), doc_numbers.setdefault(doc.id, len(doc_numbers)), dtype=np.intp)))
        chosen_from += kept
        docs_of += [doc] * len(kept)
    if not chosen_from:
        return []
    n = len(chosen_from)
    cols, weights, lengths, lead, doc_of = (np.concatenate(parts) for parts in zip(*blocks))
    rows = np.repeat(np.arange(n), lengths)
    # the terms in the order they first come (as a dictionary of them would hold them), numbered 0, 1, 2...
    present, first = np.unique(cols, return_index=True)
    local = np.empty(len(present), dtype=np.intp)
    local[np.argsort(first)] = np.arange(len(present))
    cols = local[np.searchsorted(present, cols)]
    df = np.bincount(cols)
    idf = np.array([math.log((n + 1) / (f + 1)) + 1.0 for f in df.tolist()], dtype=np.float64)
    vectors = weights * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=vectors * vectors, minlength=n))
    norms[norms == 0.0] = 1.0
    story = np.bincount(cols, weights=vectors / norms[rows])
    story_norm = math.sqrt(sum(v * v for v in story.tolist())) or 1.0
    central = np.bincount(rows, weights=vectors * story[cols], minlength=n) / (norms * story_norm)
    central = central + np.where(lead, LEAD_BONUS, 0.0)

    picked: list[int] = []
    similar_to: list[np.ndarray] = []
    open_ = np.ones(n, dtype=bool)
    while open_.any() and len(picked) < sentences:
        similar = np.maximum.reduce(similar_to) if similar_to else np.zeros(n)
        value = central - REDUNDANCY * similar
        same = np.isin(doc_of, doc_of[picked]) if picked else np.zeros(n, dtype=bool)
        value[same] -= SAME_ARTICLE
        value[~open_ | (similar >= REPEAT)] = -math.inf
        best = int(np.argmax(value))  # the first of the highest: the earliest sentence wins a tie
        if value[best] == -math.inf:
            break
        picked.append(best)
        open_[best] = False
        similar_to.append(_cosines(best, rows, cols, vectors, norms, lengths))
    return [SummarySentence(chosen_from[i].text, docs_of[i].id, docs_of[i].source) for i in picked]


def _cosines(o: int, rows, cols, vectors, norms, lengths) -> np.ndarray:
    """The cosine of every candidate with candidate ``o``, each summed over the terms of the one of the two
    with fewer (the first when they have as many), in its order."""
    start = int(lengths[:o].sum())
    o_cols, o_vector = cols[start : start + lengths[o]], vectors[start : start + lengths[o]]
    dense = np.zeros(int(cols.max()) + 1)
    dense[o_cols] = o_vector
    dot = np.bincount(rows, weights=vectors * dense[cols], minlength=len(norms))  # over each candidate's terms
    longer = np.flatnonzero(lengths > lengths[o])  # over o's terms instead, in o's order
    if len(longer):
        position = np.full(len(dense), -1, dtype=np.intp)
        position[o_cols] = np.arange(len(o_cols))
        row_of = np.full(len(norms), -1, dtype=np.intp)
        row_of[longer] = np.arange(len(longer))
        at = (row_of[rows] >= 0) & (position[cols] >= 0)
        values = np.zeros((len(longer), len(o_cols)))
        values[row_of[rows[at]], position[cols[at]]] = vectors[at]
        total = np.zeros(len(longer))
        for j in range(len(o_cols)):
            total += o_vector[j] * values[:, j]
        dot[longer] = total
    return dot / (norms * norms[o])
