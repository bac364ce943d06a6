"""``dragoman worker``: Huey's consumer with thread workers, a dispatcher and a heartbeat, in one process.

Start as many as wanted, on as many machines (with ``DRAGOMAN_TASK_BACKEND=redis`` and PostgreSQL):

* the consumer's threads run queued units (:func:`dragoman.runtime.tasks.run_unit`), each carrying its article
  on through the next steps;
* the dispatcher queues what is due every ``interval`` seconds (:func:`dragoman.runtime.work.dispatch`);
  every worker runs one, and the database lets each due unit be queued by one of them only;
* the dispatcher also places into stories the articles a failure left out (:func:`dragoman.stories.placing.place_pending`),
  and renders the public pages the last publications marked (:func:`dragoman.rendered.pages.render_stale`), at
  most every ``DRAGOMAN_RENDER_SECONDS`` by all the workers together, so that a burst of publications shares one
  rendering of each;
* the heartbeat renews the leases of the units this worker holds, so they stay its own while it lives and
  go back to the others ``DRAGOMAN_LEASE_SECONDS`` after it dies.

Stopping: SIGTERM is graceful (units in progress finish, for at most ``grace`` seconds, and the next steps
of their articles are queued instead of started); SIGINT (Ctrl-C) stops at once. Either way, the units this worker still holds are handed back before it exits, and in the
embedded mode the units still in its in-memory queue too. A worker killed outright (SIGKILL, a lost
machine) loses nothing either: its leases run out and another worker takes its units up again.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.backends.signals import connection_created

from dragoman.extract.language import identify
from dragoman.leases import release_all, renew, unqueue
from dragoman.rendered.pages import render_stale, take_pass
from dragoman.runtime.steps import STEPS, leased_models
from dragoman.runtime.tasks import HUEY, WORKER_ID, close_pipelines, send, stopping
from dragoman.runtime.work import dispatch
from dragoman.stories.placing import place_pending

log = logging.getLogger("dragoman.worker")

LEASED = leased_models()


class Worker:
    """One worker process. :meth:`run` blocks until a signal stops it."""

    def __init__(self, *, threads: int, interval: float, grace: float):
        self.threads = threads
        self.interval = interval
        self.grace = grace
        self.id = WORKER_ID
        self._stop = threading.Event()

    def run(self) -> None:
        stopping.clear()
        identify("Loaded before the first unit.")  # the language model: once per process, not in an article's time
        if not settings.WORKER_SYNCHRONOUS_COMMIT:
            commit_asynchronously()
        consumer = HUEY.create_consumer(
            workers=self.threads,
            worker_type="thread",
            periodic=False,  # the dispatcher below does the scheduling
            initial_delay=0.05,  # the embedded queue is polled; these keep it responsive
            backoff=1.5,
            max_delay=0.5,
            shutdown_timeout=self.grace,
            graceful_signal="TERM",
        )
        helpers = [
            threading.Thread(target=self._every, args=(self.interval, self._dispatch), name="dispatcher", daemon=True),
            threading.Thread(target=self._every, args=(self._heartbeat_period(), self._heartbeat), name="heartbeat", daemon=True),
            threading.Thread(target=self._relay_stop, args=(consumer.stop_flag,), name="stop-relay", daemon=True),
        ]  # fmt: skip
        for helper in helpers:
            helper.start()
        try:
            consumer.run()
        finally:
            self._stop.set()
            for helper in helpers:
                helper.join(timeout=5)
            self._hand_back()
            close_pipelines()

    def _relay_stop(self, consumer_stopping: threading.Event) -> None:
        """Once the consumer starts to stop (a signal), the units in progress stop carrying their articles on
        to the next steps (those go to the queue), so the grace period is spent finishing, not starting."""
        while not (consumer_stopping.wait(0.5) or self._stop.is_set()):
            pass
        stopping.set()

    def _heartbeat_period(self) -> float:
        return max(1.0, settings.LEASE_SECONDS / 3)

    def _every(self, seconds: float, action) -> None:
        while not self._stop.is_set():
            try:
                action()
            except Exception:  # the database or the queue is away for a while: try again next time
                log.exception("%s failed", threading.current_thread().name)
            finally:
                close_old_connections()
            self._stop.wait(seconds)

    def _dispatch(self) -> None:
        queued = dispatch(send)
        if queued:
            log.info("queued %s units", queued, extra={"event": "dispatch", "queued": queued, "worker": self.id})
        placed = place_pending()  # articles a failure (or a killed worker) left out of the stories
        if placed:
            log.info("placed %s articles into stories", placed, extra={"event": "stories", "placed": placed, "worker": self.id})
        rendered = self._render()
        if rendered:
            log.info("rendered %s pages", rendered, extra={"event": "rendered", "rendered": rendered, "worker": self.id})

    def _render(self) -> int:
        """The shared pages the last publications changed, once each: at most every ``DRAGOMAN_RENDER_SECONDS``
        by all the workers together (:func:`~dragoman.rendered.pages.take_pass`)."""
        if not take_pass(settings.RENDER_SECONDS):
            return 0
        return render_stale(seconds=self.interval)

    def _heartbeat(self) -> None:
        renew(LEASED, self.id, seconds=settings.LEASE_SECONDS)

    def _hand_back(self) -> None:
        """Free what this worker holds, and (embedded) what waits in its own queue, for the others."""
        try:
            released = release_all(LEASED, self.id)
            if settings.TASK_BACKEND != "redis":
                for task in HUEY.pending():
                    step, pk = task.args
                    released += unqueue(STEPS[step].model, [pk])
                HUEY.flush()
            log.info("worker stopped; %s units handed back", released, extra={"event": "stopped", "worker": self.id})
        finally:
            close_old_connections()


def commit_asynchronously() -> None:
    """From now on, this process's PostgreSQL connections do not wait for the disk at each commit
    (``DRAGOMAN_WORKER_SYNCHRONOUS_COMMIT``, off by default in workers)."""
    connection_created.connect(_asynchronous_commit, dispatch_uid="dragoman-worker-async-commit")
    connections.close_all()  # an open connection (the one that ran the migrations) reconnects with it too


def _asynchronous_commit(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
