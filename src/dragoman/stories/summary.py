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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True)
class SummarySentence:
    text: str
    doc_id: str
    source: str


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a text that may be a candidate: within the word limits, with its content terms."""

    text: str
    key: str  # its folded words: a sentence written the same way twice is one candidate
    paragraph: int
    number: int  # in its paragraph
    terms: tuple[str, ...]  # its content terms; none: never chosen
    weights: tuple[float, ...]  # each term's 1 + log(count)


@dataclass
class _Candidate:
    text: str
    doc: StoryDoc
    order: tuple
    sentence: _Sentence
    lead: bool
    vector: dict[str, float] | None = None
    norm: float = 1.0


@lru_cache(maxsize=CACHED_TEXTS)
def _sentences(text: str, language: str) -> tuple[_Sentence, ...]:
    """The sentences of ``text`` within the word limits, in order, with their terms in ``language``."""
    found = []
    for p, paragraph in enumerate(T.paragraphs(text)):
        for s, sentence in enumerate(T.sentences(paragraph)):
            words = T.words(sentence)
            if not MIN_WORDS <= len(words) <= MAX_WORDS:
                continue
            terms = T.terms_of_words(words, language)
            weights = tuple(1.0 + math.log(k) for k in terms.values())
            found.append(_Sentence(sentence, " ".join(words), p, s, tuple(terms), weights))
    return tuple(found)


def _cosine(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / (na * nb)


def extractive_summary(docs: list[StoryDoc], *, sentences: int = 3) -> list[SummarySentence]:
    """Up to ``sentences`` sentences that tell the story, chosen across ``docs`` (see the module)."""
    if sentences <= 0:
        return []
    seen: set[str] = set()
    candidates: list[_Candidate] = []
    ordered = sorted(docs, key=lambda d: (d.published, d.id))
    for rank, doc in enumerate(ordered):
        for sentence in _sentences(doc.text, "" if doc.original_text else doc.language):
            if sentence.key in seen:
                continue
            seen.add(sentence.key)
            if sentence.terms:
                order = (rank, sentence.paragraph, sentence.number)
                candidates.append(_Candidate(sentence.text, doc, order, sentence, lead=sentence.number == 0))
    if not candidates:
        return []
    df: Counter[str] = Counter()
    for c in candidates:
        df.update(c.sentence.terms)
    n = len(candidates)
    idf = {t: math.log((n + 1) / (f + 1)) + 1.0 for t, f in df.items()}
    story: Counter[str] = Counter()
    for c in candidates:
        c.vector = {t: w * idf[t] for t, w in zip(c.sentence.terms, c.sentence.weights)}
        c.norm = math.sqrt(sum(v * v for v in c.vector.values())) or 1.0
        for t, v in c.vector.items():
            story[t] += v / c.norm
    story_norm = math.sqrt(sum(v * v for v in story.values())) or 1.0
    central = {id(c): _cosine(c.vector, c.norm, story, story_norm) + (LEAD_BONUS if c.lead else 0.0) for c in candidates}

    chosen: list[_Candidate] = []
    remaining = list(candidates)
    while remaining and len(chosen) < sentences:
        best, best_value = None, -math.inf
        for c in remaining:
            similar = max((_cosine(c.vector, c.norm, o.vector, o.norm) for o in chosen), default=0.0)
            if similar >= REPEAT:
                continue
            value = central[id(c)] - REDUNDANCY * similar
            if any(o.doc.id == c.doc.id for o in chosen):
                value -= SAME_ARTICLE
            if value > best_value or (value == best_value and best is not None and c.order < best.order):
                best, best_value = c, value
        if best is None:
            break
        chosen.append(best)
        remaining.remove(best)
    return [SummarySentence(c.text, c.doc.id, c.doc.source) for c in chosen]
