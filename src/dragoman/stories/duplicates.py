"""Near-duplicates: a wire copy republished with small edits (another headline, a cut paragraph, a sentence
added) recognised on arrival.

Each article's original text (not its headline, which republishers change first) is cut into word shingles
(runs of ``SHINGLE_WORDS`` words, :func:`dragoman.stories.text.shingles`) and summarised by a MinHash of
``PERMUTATIONS`` permutations (datasketch); a MinHash LSH index finds the articles whose shingle sets may
overlap by ``THRESHOLD`` (Jaccard) or more, and the MinHashes' estimate of the Jaccard similarity decides.
Only articles published within the window of each other are compared: an index entry leaves when the newest
article seen is more than the window later (``evict``).

A cut last paragraph of six leaves a Jaccard similarity of about 0.8, a sentence added to eight about 0.9, a
new headline 1.0; two articles written separately about the same event stay under 0.1 (they share names and
a few phrases, not runs of four words): ``THRESHOLD`` 0.5 sits between, measured in bench/stories.py.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from dragoman.stories.text import shingles

SHINGLE_WORDS = 4
PERMUTATIONS = 128
THRESHOLD = 0.5
#: a text of fewer words than this is too short to be called a copy of another (a headline, a caption)
MINIMUM_WORDS = 12
_SEED = 16
_SCHEME = "affine32"  # datasketch's permutations (stored values are only comparable within one scheme)


def signature(text: str) -> list[int] | None:
    """The MinHash values of ``text``'s shingles (JSON-able), or None for a text too short to compare."""
    found = shingles(text, SHINGLE_WORDS)
    if len(found) < MINIMUM_WORDS - SHINGLE_WORDS + 1:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in found])
    return [int(v) for v in minhash.hashvalues]


def _minhash(values: list[int]) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=_SEED, scheme=_SCHEME, hashvalues=np.asarray(values, dtype=np.uint64))


@dataclass(frozen=True)
class Duplicate:
    of: str  # the earlier article's id
    similarity: float  # estimated Jaccard similarity of the two shingle sets


class DuplicateFinder:
    """The near-duplicate index of the articles of a window (seconds), keyed by the caller's ids."""

    def __init__(self, *, window: float, threshold: float = THRESHOLD):
        self.window = window
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self._held: dict[str, tuple[MinHash, float]] = {}
        self._times: list[tuple[float, str]] = []  # a heap: (published, id), for evicting
        self.clock = float("-inf")

    def find(self, values: list[int] | None, published: float) -> Duplicate | None:
        """The most similar article held, published within the window, at ``threshold`` or above."""
        if values is None or not self._held:
            return None
        minhash = _minhash(values)
        best: Duplicate | None = None
        for key in self._lsh.query(minhash):
            other, when = self._held[key]
            if abs(when - published) > self.window:
                continue
            similarity = float(minhash.jaccard(other))
            if similarity < self.threshold:
                continue
            if best is None or (similarity, -when) > (best.similarity, -self._held[best.of][1]):
                best = Duplicate(key, similarity)
        return best

    def add(self, key: str, values: list[int] | None, published: float) -> None:
        if values is None or key in self._held:
            return
        self.clock = max(self.clock, published)
        if published >= self.clock - self.window:
            minhash = _minhash(values)
            self._lsh.insert(key, minhash)
            self._held[key] = (minhash, published)
            heapq.heappush(self._times, (published, key))
        self.evict()

    def remove(self, key: str) -> None:
        if self._held.pop(key, None) is not None:
            self._lsh.remove(key)

    def evict(self) -> None:
        """Let go of the articles published more than the window before the newest one seen."""
        while self._times and self._times[0][0] < self.clock - self.window:
            when, key = heapq.heappop(self._times)
            if key in self._held and self._held[key][1] == when:
                self.remove(key)

    def __contains__(self, key: str) -> bool:
        return key in self._held
