"""Stories, grouped incrementally: each article, as it arrives, joins the story it matches best, starts one, or
(rarely) merges two that it ties strongly. Nothing is ever re-clustered.

The method (docs/stories.md says why, and bench/stories.py measures it):

1. **Near-duplicate first.** A wire copy of an article in the window (:mod:`dragoman.stories.duplicates`, on the
   original texts) joins that article's story, and says whose copy it is (``Placement.duplicate_of``).
2. **Candidates** from an inverted index over the articles of the window only: the article's names, numbers
   and its most distinctive terms (the rarest by document frequency) each list the articles that share them;
   at most ``CANDIDATES`` of those sharing the most weight are scored.
3. **A score per candidate article** (0..1), all in the comparison language:

   ``W_BODY * cosine(body) + W_HEAD * cosine(title and lead) + W_NAMES * names``, times the time factor,
   minus the penalties for what tells two events apart.

   The cosines are of TF-IDF vectors (sublinear term counts; the document frequencies are kept
   incrementally over the articles of the window, so restoring a window gives the same frequencies);
   ``names`` is the IDF-weighted Jaccard similarity of the two articles' proper names. The time factor is 1
   within ``SAME_DAY`` and falls linearly to ``TIME_FLOOR`` at the end of the window; beyond it there is no
   candidate at all (a follow-up weeks later, last week's market report).

   What tells two events of one kind apart (two factory fires in two towns, two matches of one team): what they
   share weighs little (the IDF of a term or a name every article of a kind holds is low), what only one has
   weighs in the norms of the cosines and in the union of the names; and each article's **distinguishing
   names** in its title and lead that the other article never mentions (a town, an opponent) cost
   ``CONFLICT`` each when both articles have some (at most two count); and two articles that name two names
   or more each, none in common (a fire in Albacete, one in Vigo), have their score multiplied by
   ``DISJOINT``.
4. **The story's score** is its best member's. The article joins the best story at ``JOIN`` or above, else
   starts its own. It merges the stories it ties at ``MERGE`` or above into the best one when they were never
   kept apart by an editor and at most one of them holds articles an editor pinned.

An editor's corrections hold: a pinned article stays in its story (``pin``) and two stories kept apart
(``keep_apart``) are never merged. ``state`` gives each article's features as JSON to store beside it;
``restore`` reloads them (the site's process on start) without deciding anything, so an index restored from
the stored states decides as the one that stored them. The editor's corrections are the caller's to store
and give again after a restore (``restore(..., pinned=True)``, ``keep_apart``).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from dragoman.stories import text as T
from dragoman.stories.duplicates import DuplicateFinder, signature

# --- the thresholds (docs/stories.md; measured by bench/stories.py) --------------------------------------------
W_BODY, W_HEAD, W_NAMES = 0.40, 0.30, 0.35
JOIN = 0.12  # measured on the labelled set and the tests' hard negatives: a plateau from 0.12 to 0.14 (docs/stories.md)
MERGE = 0.35
SAME_DAY = 1.0  # days within which time costs nothing
TIME_FLOOR = 0.6  # the time factor at the end of the window
CONFLICT = 0.02  # per distinguishing name on each side (at most two each)
DISJOINT = 0.5  # the factor of a score between two articles naming two names or more each, none in common
CANDIDATES = 300  # candidate articles scored per new article
RARE_TERMS = 12  # the most distinctive terms of an article that look for candidates
POSTING_LIMIT = 0.2  # a feature shared by more than this share of the window finds no candidates (too common)
STATE_VERSION = 1
DAY = 86400.0


@dataclass(frozen=True)
class StoryDoc:
    id: str  # the caller's key (the site uses str(article.pk))
    language: str  # the original's language, ISO 639-1
    title: str  # in the comparison language (the site's language: the translation, or the original)
    text: str  # in the comparison language: lead and body as plain text, paragraphs by blank lines
    published: datetime  # timezone-aware
    original_title: str = ""  # in the original language (near-duplicates are found on the originals)
    original_text: str = ""
    source: str = ""  # the source's name, for summaries and "also reported by"


@dataclass(frozen=True)
class Placement:
    story: str  # the story's key (core makes keys; the site stores them)
    action: str  # "started" | "joined" | "merged"
    merged: tuple[str, ...] = ()  # story keys merged into ``story`` by this doc (action "merged")
    duplicate_of: str | None = None  # the doc id this one is a near-duplicate of (a wire copy), if any
    score: float = 0.0  # the similarity that decided it


@dataclass
class _Doc:
    id: str
    published: float
    story: str
    head: dict[str, float]  # title and lead: sublinear term weights (before IDF)
    body: dict[str, float]
    names: frozenset[str]
    head_names: frozenset[str]
    numbers: frozenset[str]
    head_numbers: frozenset[str]
    minhash: list[int] | None
    duplicate_of: str | None = None
    pinned: bool = False
    indexed: bool = False  # in the window's inverted index


@dataclass
class _Story:
    key: str
    members: set[str] = field(default_factory=set)
    apart: set[str] = field(default_factory=set)  # stories an editor kept apart from this one
    pinned: set[str] = field(default_factory=set)


def _weights(counts: Counter[str]) -> dict[str, float]:
    return {term: 1.0 + math.log(n) for term, n in counts.items()}


def _timestamp(published: datetime) -> float:
    if published.tzinfo is None:
        raise ValueError("published must be timezone-aware")
    return published.timestamp()


def features(doc: StoryDoc, language: str = "") -> dict:
    """The JSON-able features of ``doc`` (what ``state`` returns and ``restore`` reads); ``language`` is the
    comparison language (see ``StoryIndex``)."""
    language = language or (doc.language if not doc.original_text else "")
    paragraphs = T.paragraphs(doc.text)
    lead = paragraphs[0] if paragraphs else ""
    head_text = f"{doc.title}\n\n{lead}"
    names = T.names(doc.title, doc.text, language or "en")
    head_names = T.names(doc.title, lead, language or "en") & names
    return {
        "version": STATE_VERSION,
        "head": dict(T.terms(head_text, language)),
        "body": dict(T.terms(f"{doc.title}\n\n{doc.text}", language)),
        "names": sorted(names),
        "head_names": sorted(head_names),
        "numbers": sorted(T.numbers(f"{doc.title}\n{doc.text}")),
        "head_numbers": sorted(T.numbers(head_text)),
        "minhash": signature(doc.original_text or doc.text),
    }


class StoryIndex:
    """The stories of a window of ``window_days`` days, built one article at a time (see the module).

    ``language``: the comparison language (the site's), for its stop words and its rules for names; when not
    given, an article's own language if it gives no original apart, else English's rules for names and every
    language's stop words."""

    def __init__(self, *, window_days: float = 4.0, language: str = ""):
        self.window = window_days * DAY
        self.language = language
        self._docs: dict[str, _Doc] = {}
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, set[str]] = {}
        self._indexed = 0  # articles in the inverted index (whose postings are the document frequencies)
        self._times: list[tuple[float, str]] = []
        self._duplicates = DuplicateFinder(window=self.window)
        self.clock = float("-inf")

    # --- the contract ---------------------------------------------------------------------------------------

    def add(self, doc: StoryDoc, found: dict | None = None) -> Placement:
        """Place a new article: join, start or merge (see the module); it is then held in the index. ``found``:
        its :func:`features` in this index's language, computed before (a caller that holds a lock while it
        adds computes them outside it); by default computed here."""
        if doc.id in self._docs:
            raise ValueError(f"article {doc.id!r} is already in the index; forget it first")
        entry = self._entry(doc, features(doc, self.language) if found is None else found, story="")
        duplicate = self._duplicates.find(entry.minhash, entry.published)
        if duplicate is not None and duplicate.of in self._docs:
            original = self._docs[duplicate.of]
            entry.duplicate_of = original.duplicate_of or original.id
            placement = Placement(original.story, "joined", duplicate_of=entry.duplicate_of, score=round(duplicate.similarity, 4))
            self._hold(entry, original.story)
            return placement
        scores = self._story_scores(entry)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < JOIN:
            key = self._new_key(doc.id)
            self._hold(entry, key)
            return Placement(key, "started", score=round(ranked[0][1], 4) if ranked else 0.0)
        best, score = ranked[0]
        merging = [key for key, s in ranked[1:] if s >= MERGE] if score >= MERGE else []
        survivor, absorbed = self._merge(best, merging)
        self._hold(entry, survivor)
        if absorbed:
            return Placement(survivor, "merged", merged=tuple(absorbed), score=round(score, 4))
        return Placement(survivor, "joined", score=round(score, 4))

    def state(self, doc_id: str) -> dict:
        """The features of a held article, as JSON, to store with it (and give back to ``restore``)."""
        entry = self._doc(doc_id)
        return {
            "version": STATE_VERSION,
            "head": entry.head,
            "body": entry.body,
            "names": sorted(entry.names),
            "head_names": sorted(entry.head_names),
            "numbers": sorted(entry.numbers),
            "head_numbers": sorted(entry.head_numbers),
            "minhash": entry.minhash,
            "duplicate_of": entry.duplicate_of,
            "pinned": entry.pinned,
        }

    def restore(self, doc: StoryDoc, story: str, state: dict, *, pinned: bool | None = None) -> None:
        """Reload a stored article in ``story`` without deciding anything. A state of another version, or none,
        is computed again from ``doc``."""
        if doc.id in self._docs:
            self.forget(doc.id)
        usable = isinstance(state, dict) and state.get("version") == STATE_VERSION
        entry = None
        if usable:
            try:
                entry = self._entry(doc, state, story, weights=False)
            except (KeyError, TypeError, ValueError, AttributeError):
                usable = False
        if entry is None:
            entry = self._entry(doc, features(doc, self.language), story)
        entry.duplicate_of = state.get("duplicate_of") if usable else None
        entry.pinned = bool(state.get("pinned")) if pinned is None and usable else bool(pinned)
        self._hold(entry, story)

    def pin(self, doc_id: str, story: str) -> None:
        """An editor's correction: the article belongs in ``story`` (made if new) and stays there."""
        entry = self._doc(doc_id)
        self._move(entry, story)
        entry.pinned = True
        self._stories[story].pinned.add(doc_id)

    def keep_apart(self, story_a: str, story_b: str) -> None:
        """An editor's split: the two stories are never merged again."""
        if story_a == story_b:
            raise ValueError("a story cannot be kept apart from itself")
        self._story(story_a).apart.add(story_b)
        self._story(story_b).apart.add(story_a)

    def forget(self, doc_id: str) -> None:
        """Take an article out of the index and its story (an empty story goes too)."""
        entry = self._docs.pop(doc_id, None)
        if entry is None:
            return
        self._unindex(entry)
        self._duplicates.remove(doc_id)
        self._leave(entry)

    def members(self, story: str) -> list[str]:
        """The articles of ``story``, the earliest first."""
        found = self._stories.get(story)
        if found is None:
            return []
        return sorted(found.members, key=lambda i: (self._docs[i].published, i))

    # --- more for callers -------------------------------------------------------------------------------------

    def story_of(self, doc_id: str) -> str:
        return self._doc(doc_id).story

    def stories(self) -> list[str]:
        return sorted(self._stories)

    def __len__(self) -> int:
        return len(self._docs)

    # --- holding ----------------------------------------------------------------------------------------------

    def _entry(self, doc: StoryDoc, found: dict, story: str, *, weights: bool = True) -> _Doc:
        head, body = found["head"], found["body"]
        if weights:
            head, body = _weights(Counter(head)), _weights(Counter(body))
        else:
            head = {str(k): float(v) for k, v in head.items()}
            body = {str(k): float(v) for k, v in body.items()}
        minhash = found.get("minhash")
        return _Doc(
            id=doc.id,
            published=_timestamp(doc.published),
            story=story,
            head=head,
            body=body,
            names=frozenset(found["names"]),
            head_names=frozenset(found["head_names"]),
            numbers=frozenset(found["numbers"]),
            head_numbers=frozenset(found["head_numbers"]),
            minhash=[int(v) for v in minhash] if minhash else None,
        )

    def _hold(self, entry: _Doc, story: str) -> None:
        self._docs[entry.id] = entry
        entry.story = story
        held = self._story(story)
        held.members.add(entry.id)
        if entry.pinned:
            held.pinned.add(entry.id)
        self.clock = max(self.clock, entry.published)
        if entry.published >= self.clock - self.window:
            self._index(entry)
        self._duplicates.add(entry.id, entry.minhash, entry.published)
        self._evict()

    def _story(self, key: str) -> _Story:
        story = self._stories.get(key)
        if story is None:
            story = self._stories[key] = _Story(key)
        return story

    def _doc(self, doc_id: str) -> _Doc:
        try:
            return self._docs[doc_id]
        except KeyError:
            raise KeyError(f"no article {doc_id!r} in the index") from None

    def _new_key(self, doc_id: str) -> str:
        key, n = doc_id, 1
        while key in self._stories:
            n += 1
            key = f"{doc_id}~{n}"
        return key

    def _leave(self, entry: _Doc) -> None:
        story = self._stories.get(entry.story)
        if story is None:
            return
        story.members.discard(entry.id)
        story.pinned.discard(entry.id)
        if not story.members:
            for other in story.apart:
                if other in self._stories:
                    self._stories[other].apart.discard(story.key)
            del self._stories[story.key]

    def _move(self, entry: _Doc, story: str) -> None:
        if entry.story == story:
            self._story(story)
            return
        self._leave(entry)
        entry.story = story
        self._story(story).members.add(entry.id)

    def _merge(self, best: str, others: list[str]) -> tuple[str, list[str]]:
        """Merge ``others`` into ``best`` where allowed; the surviving key and the keys absorbed."""
        survivor = best
        absorbed: list[str] = []
        for other in others:
            a, b = self._stories[survivor], self._stories[other]
            if other in a.apart or a.pinned and b.pinned:
                continue
            if b.pinned and not a.pinned:  # the pinned articles stay in their story: it survives
                a, b = b, a
            for member in list(b.members):
                self._docs[member].story = a.key
                a.members.add(member)
            for apart in b.apart:
                a.apart.add(apart)
                if apart in self._stories:
                    self._stories[apart].apart.discard(b.key)
                    self._stories[apart].apart.add(a.key)
            del self._stories[b.key]
            absorbed.append(b.key)
            survivor = a.key
        return survivor, absorbed

    # --- the window's inverted index ----------------------------------------------------------------------------

    @staticmethod
    def _keys(entry: _Doc) -> set[str]:
        return {f"t:{t}" for t in entry.body} | {f"n:{n}" for n in entry.names} | {f"#:{n}" for n in entry.numbers}

    def _index(self, entry: _Doc) -> None:
        if entry.indexed:
            return
        for key in self._keys(entry):
            self._postings.setdefault(key, set()).add(entry.id)
        self._indexed += 1
        entry.indexed = True
        heapq.heappush(self._times, (entry.published, entry.id))

    def _unindex(self, entry: _Doc) -> None:
        if not entry.indexed:
            return
        for key in self._keys(entry):
            posting = self._postings.get(key)
            if posting is not None:
                posting.discard(entry.id)
                if not posting:
                    del self._postings[key]
        self._indexed -= 1
        entry.indexed = False

    def _evict(self) -> None:
        while self._times and self._times[0][0] < self.clock - self.window:
            when, doc_id = heapq.heappop(self._times)
            entry = self._docs.get(doc_id)
            if entry is not None and entry.published == when:
                self._unindex(entry)

    # --- scoring ----------------------------------------------------------------------------------------------

    def _idf(self, term: str, kind: str = "t:") -> float:
        posting = self._postings.get(kind + term)
        return math.log((self._indexed + 1) / ((len(posting) if posting else 0) + 1)) + 1.0

    def _candidates(self, entry: _Doc) -> list[str]:
        limit = max(20, POSTING_LIMIT * self._indexed)
        idf = self._idf
        weight: Counter[str] = Counter()
        rare = sorted(entry.body, key=lambda t: (-entry.body[t] * idf(t), t))[:RARE_TERMS]
        keys = [(f"t:{t}", idf(t)) for t in rare]
        keys += [(f"n:{n}", 3.0) for n in entry.names] + [(f"#:{n}", 1.5) for n in entry.numbers]
        for key, w in keys:
            posting = self._postings.get(key)
            if not posting or len(posting) > limit:
                continue
            for other in posting:
                weight[other] += w
        weight.pop(entry.id, None)
        best = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        return [doc_id for doc_id, _ in best if abs(self._docs[doc_id].published - entry.published) <= self.window]

    def _vector(self, weights: dict[str, float]) -> tuple[dict[str, float], float]:
        idf = self._idf
        vector = {t: w * idf(t) for t, w in weights.items()}
        return vector, math.sqrt(sum(v * v for v in vector.values())) or 1.0

    def _cosine(self, a: tuple[dict[str, float], float], weights: dict[str, float]) -> float:
        vector, norm = a
        if not weights:
            return 0.0
        idf = self._idf
        dot = 0.0
        other_sq = 0.0
        for term, w in weights.items():
            x = w * idf(term)
            other_sq += x * x
            mine = vector.get(term)
            if mine is not None:
                dot += mine * x
        return dot / (norm * (math.sqrt(other_sq) or 1.0))

    def _names_similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        if not a or not b:
            return 0.0
        shared = a & b
        if not shared:
            return 0.0
        weight = lambda n: self._idf(n, "n:")  # noqa: E731
        union = sum(weight(n) for n in a | b)
        return sum(weight(n) for n in shared) / union

    def pair_score(self, entry: _Doc, other: _Doc, head=None, body=None) -> float:
        """The similarity of two held articles (0..1), as the module describes."""
        head = head or self._vector(entry.head)
        body = body or self._vector(entry.body)
        score = W_BODY * self._cosine(body, other.body) + W_HEAD * self._cosine(head, other.head)
        score += W_NAMES * self._names_similarity(entry.names, other.names)
        days = abs(entry.published - other.published) / DAY
        window_days = self.window / DAY
        if days > SAME_DAY and window_days > SAME_DAY:
            score *= 1.0 - (1.0 - TIME_FLOOR) * min(1.0, (days - SAME_DAY) / (window_days - SAME_DAY))
        if len(entry.names) >= 2 and len(other.names) >= 2 and not entry.names & other.names:
            score *= DISJOINT
        # what tells two events apart: names of the title and lead the other never mentions
        if entry.head_names and other.head_names:
            mine = len(entry.head_names - other.names)
            theirs = len(other.head_names - entry.names)
            if mine and theirs:
                score -= CONFLICT * (min(mine, 2) + min(theirs, 2)) / 2
        return max(0.0, score)

    def _story_scores(self, entry: _Doc) -> dict[str, float]:
        head, body = self._vector(entry.head), self._vector(entry.body)
        scores: dict[str, float] = {}
        for doc_id in self._candidates(entry):
            other = self._docs[doc_id]
            score = self.pair_score(entry, other, head, body)
            if score > scores.get(other.story, -1.0):
                scores[other.story] = score
        return scores
