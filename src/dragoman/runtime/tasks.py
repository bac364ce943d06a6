"""The task engine's side: Huey (https://huey.readthedocs.io) runs units of work by their ids.

One task, :func:`run_unit`, carries a step's name and a row's id, nothing else: the database holds
everything else (:mod:`dragoman.runtime.work`). Where the queue lives is a setting
(``DRAGOMAN_TASK_BACKEND``, read into ``settings.HUEY`` for Huey's Django integration):

* ``embedded``: Huey's in-memory storage, inside the one ``dragoman worker`` process (no server);
* ``redis``: Huey's Redis storage, shared by every ``dragoman worker`` on every machine.

Either way the same consumer (:mod:`dragoman.runtime.worker`) runs the same task, and the queue only
speeds things up: a message lost with Redis or with a killed worker is found again by the dispatcher
once its mark runs out (``DRAGOMAN_REQUEUE_SECONDS``).
"""

from __future__ import annotations

import threading

from django.conf import settings
from huey.contrib.djhuey import HUEY, db_task

from dragoman.articles.pipeline import Pipeline
from dragoman.leases import new_worker_id
from dragoman.runtime.work import carry
from dragoman.sources.fetching import close_shared_fetchers

#: This process, as it signs its claims (``<WORKER_ID>/<n>``).
WORKER_ID = new_worker_id()

_local = threading.local()
_pipelines: list = []
_pipelines_lock = threading.Lock()


def thread_pipeline():
    """This thread's :class:`~dragoman.articles.pipeline.Pipeline` (its engines and counters are its own;
    the HTTP client, its robots.txt cache and its per-host limit are the whole process's)."""
    pipeline = getattr(_local, "pipeline", None)
    if pipeline is None:
        pipeline = _local.pipeline = Pipeline()
        with _pipelines_lock:
            _pipelines.append(pipeline)
    return pipeline


def close_pipelines() -> None:
    """Close every thread's pipeline (their engines) and the HTTP client they share, at the worker's exit."""
    with _pipelines_lock:
        while _pipelines:
            _pipelines.pop().close()
    close_shared_fetchers()


def send(step: str, pk: int) -> None:
    """Put one unit on the queue."""
    run_unit(step, pk)


#: Set while this process's worker is shutting down: units finish, but the next steps go to the queue.
stopping = threading.Event()


@db_task(name="dragoman.unit")
def run_unit(step: str, pk: int) -> None:
    """Run one unit from the queue and the next steps of its article (:func:`dragoman.runtime.work.carry`)."""
    carry(step, pk, thread_pipeline(), WORKER_ID, send, go_on=lambda: not stopping.is_set())


def queue_depth() -> int | None:
    """Messages waiting in the shared queue; None in the embedded mode, whose queue is inside the worker."""
    return HUEY.pending_count() if settings.TASK_BACKEND == "redis" else None


__all__ = ["HUEY", "WORKER_ID", "close_pipelines", "queue_depth", "run_unit", "send", "stopping", "thread_pipeline"]
