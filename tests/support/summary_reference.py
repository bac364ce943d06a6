"""A story's extractive summary computed as it was written first, sentence by sentence with dictionaries: the
reference that :func:`dragoman.stories.summary.extractive_summary` (arrays) must equal on every story
(tests/stories/test_summary.py)."""

from __future__ import annotations

import math
from collections import Counter

from dragoman.stories import text as T
from dragoman.stories.grouping import StoryDoc
from dragoman.stories.summary import LEAD_BONUS, MAX_WORDS, MIN_WORDS, REDUNDANCY, REPEAT, SAME_ARTICLE


def _cosine(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / (na * nb)


def reference_summary(docs: list[StoryDoc], *, sentences: int = 3) -> list[tuple[str, str, str]]:
    """(text, doc id, source) of each sentence chosen, by the rules of :mod:`dragoman.stories.summary`."""
    if sentences <= 0:
        return []
    seen: set[str] = set()
    candidates = []  # (text, doc, order, terms, lead)
    for rank, doc in enumerate(sorted(docs, key=lambda d: (d.published, d.id))):
        for p, paragraph in enumerate(T.paragraphs(doc.text)):
            for s, sentence in enumerate(T.sentences(paragraph)):
                key = " ".join(T.words(sentence))
                if not MIN_WORDS <= len(T.words(sentence)) <= MAX_WORDS or key in seen:
                    continue
                seen.add(key)
                terms = T.terms(sentence, "" if doc.original_text else doc.language)
                if terms:
                    candidates.append((sentence, doc, (rank, p, s), terms, s == 0))
    if not candidates:
        return []
    df: Counter[str] = Counter()
    for c in candidates:
        df.update(c[3].keys())
    n = len(candidates)
    idf = {t: math.log((n + 1) / (f + 1)) + 1.0 for t, f in df.items()}
    vectors, norms, story = [], [], Counter()
    for c in candidates:
        vector = {t: (1.0 + math.log(k)) * idf[t] for t, k in c[3].items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append(vector)
        norms.append(norm)
        for t, v in vector.items():
            story[t] += v / norm
    story_norm = math.sqrt(sum(v * v for v in story.values())) or 1.0
    central = [_cosine(vectors[i], norms[i], story, story_norm) + (LEAD_BONUS if c[4] else 0.0) for i, c in enumerate(candidates)]
    chosen: list[int] = []
    remaining = list(range(n))
    while remaining and len(chosen) < sentences:
        best, best_value = None, -math.inf
        for i in remaining:
            similar = max((_cosine(vectors[i], norms[i], vectors[o], norms[o]) for o in chosen), default=0.0)
            if similar >= REPEAT:
                continue
            value = central[i] - REDUNDANCY * similar
            if any(candidates[o][1].id == candidates[i][1].id for o in chosen):
                value -= SAME_ARTICLE
            if value > best_value or (value == best_value and best is not None and candidates[i][2] < candidates[best][2]):
                best, best_value = i, value
        if best is None:
            break
        chosen.append(best)
        remaining.remove(best)
    return [(candidates[i][0], candidates[i][1].id, candidates[i][1].source) for i in chosen]
