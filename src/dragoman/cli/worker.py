"""`dragoman worker`: the long-running process that runs queued units on its threads and queues what is due,
until SIGTERM (graceful) or Ctrl-C. Start one, or one per core on as many machines as wanted."""

from __future__ import annotations

from django.conf import settings

from dragoman.runtime.worker import Worker
from dragoman.cli.common import CommandError


def worker(args) -> int:
    """A worker: runs queued units on its threads and queues what is due, until SIGTERM (graceful) or Ctrl-C."""
    threads = settings.WORKER_THREADS if args.threads is None else args.threads
    if threads < 1:
        raise CommandError("--threads must be at least 1")
    running = Worker(threads=threads, interval=args.interval, grace=args.grace)
    where = f"Redis queue {settings.TASK_QUEUE!r}" if settings.TASK_BACKEND == "redis" else "its own in-memory queue"
    print(f"worker {running.id} started: {threads} threads, {where}; SIGTERM stops gracefully, Ctrl-C at once", flush=True)
    try:
        running.run()
    except Exception as exc:  # the queue's server is unreachable at start-up, for instance
        raise CommandError(f"the worker stopped: {type(exc).__name__}: {exc}") from None
    print("worker stopped", flush=True)
    return 0
