"""A pass of ``dragoman run --once``: everything due, step after step, in this process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.leases import new_worker_id
from dragoman.rendered.pages import render_stale
from dragoman.runtime import work
from dragoman.runtime.steps import STEPS
from dragoman.sources.models import Source
from dragoman.stories.placing import place_pending


@dataclass
class Summary:
    """What one pass did, for the command line."""

    polled: int = 0
    new_entries: int = 0
    fetched: int = 0
    extracted: int = 0
    translated: int = 0
    published: int = 0
    placed: int = 0  # articles placed into stories by the pass's last round (those its steps placed are not counted)
    rendered: int = 0  # public pages rendered by the pass's last round (dragoman.rendered)
    engine_calls: int = 0
    engine_chars: int = 0
    cache_hits: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (what, reason): no failure, never published
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (what, reason): a budget spent, resumes later

    def as_dict(self) -> dict:
        return {
            "polled": self.polled,
            "new": self.new_entries,
            "fetched": self.fetched,
            "extracted": self.extracted,
            "translated": self.translated,
            "published": self.published,
            "engine_calls": self.engine_calls,
            "engine_chars": self.engine_chars,
            "cache_hits": self.cache_hits,
            "failed": len(self.failures),
            "set_aside": len(self.set_aside),
            "waiting": len(self.waiting),
        }


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def run_once(pipeline: Pipeline, progress: Progress | None = None, *, poll: bool = True) -> Summary:
    """One pass, in this process: poll the sources that are due, then fetch, extract, translate and publish
    everything pending, step after step in the order of :data:`~dragoman.runtime.steps.STEPS`. Each unit
    goes through :func:`dragoman.runtime.work.perform`, as under a worker, so a pass and running workers share
    the work without doing anything twice; a pass retries failed units now, back-off or not."""
    summary = Summary()
    progress = progress or (lambda stage, done, total: None)
    calls_before, chars_before = pipeline.engine_calls, pipeline.engine_chars
    worker = f"pass:{new_worker_id()}"

    for name, step in STEPS.items():
        if name == "poll" and not poll:
            continue
        ids = work.pending(name)
        for i, pk in enumerate(ids, 1):
            outcome = work.perform(name, pk, pipeline, worker, queued=False)
            if outcome.done:
                setattr(summary, step.counted_as, getattr(summary, step.counted_as) + 1)
            if name == "poll":
                if outcome.done:
                    summary.new_entries += outcome.result
                source = Source.objects.get(pk=pk)
                if source.last_error:
                    summary.failures.append((f"source {source}", source.last_error))
            elif outcome.done:
                if name == "extract":
                    summary.set_aside += _set_aside(pk)
                if name == "translate":
                    summary.cache_hits += Translation.objects.get(pk=pk).cache_hits
            elif failure := _failure(step.model, pk):
                summary.failures.append(failure)
            elif name == "translate" and (waiting := _waiting(pk)):
                summary.waiting.append(waiting)
            progress(name, i, len(ids))

    summary.placed = place_pending()  # into stories: what a failure to place left out (dragoman.stories)
    summary.rendered = render_stale()  # the listings, feeds and sitemaps the pass's publications changed, once each
    summary.engine_calls = pipeline.engine_calls - calls_before
    summary.engine_chars = pipeline.engine_chars - chars_before
    return summary


def _failure(model, pk: int) -> tuple[str, str] | None:
    """(what, reason) when the unit's row is now failed, for the pass's summary."""
    if model is Entry:
        entry = Entry.objects.get(pk=pk)
        return (entry.url, f"{entry.failed_step}: {entry.error}") if entry.state == Entry.State.FAILED else None
    t = Translation.objects.select_related("article").get(pk=pk)
    return (f"{t.article.url} [{t.target_language}]", t.error) if t.state == Translation.State.FAILED else None


def _waiting(pk: int) -> tuple[str, str] | None:
    """(what, reason) when the translation now waits for a budget, for the pass's summary."""
    t = Translation.objects.select_related("article").get(pk=pk)
    return (f"{t.article.url} [{t.target_language}]", t.error) if t.state == Translation.State.WAITING else None


def _set_aside(entry_id: int) -> list[tuple[str, str]]:
    """(what, reason) for each translation of the entry's article that was set aside, for the summary."""
    rows = Translation.objects.filter(article__entry_id=entry_id, state=Translation.State.SET_ASIDE)
    return [(f"{url} [{target}]", reason) for url, target, reason in rows.values_list("article__url", "target_language", "error")]
