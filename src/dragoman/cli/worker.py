"""`dragoman worker`: the long-running process that runs queued units on its threads and queues what is due,
until SIGTERM (graceful) or Ctrl-C. By default one worker process per core, under a parent that watches them
(:mod:`dragoman.runtime.supervisor`); ``--processes 1`` is one worker in this process."""

from __future__ import annotations

import os

from django.conf import settings

from dragoman.cli.common import CommandError
from dragoman.runtime.supervisor import Supervisor, child_command
from dragoman.runtime.worker import Worker


def worker(args) -> int:
    """Worker processes: each runs queued units on its threads and queues what is due, until SIGTERM
    (graceful) or Ctrl-C."""
    threads = settings.WORKER_THREADS if args.threads is None else args.threads
    processes = (os.cpu_count() or 1) if args.processes is None else args.processes
    if threads < 1:
        raise CommandError("--threads must be at least 1")
    if processes < 1:
        raise CommandError("--processes must be at least 1")
    if processes > 1:
        print(f"worker supervisor started: {processes} processes of {threads} threads; SIGTERM stops them gracefully, "
              "Ctrl-C at once", flush=True)  # fmt: skip
        code = Supervisor(child_command(threads=threads, interval=args.interval, grace=args.grace), processes,
                          grace=args.grace).run()  # fmt: skip
        print("worker supervisor stopped" if code == 0 else "worker supervisor stopped: a worker process failed", flush=True)
        return code
    running = Worker(threads=threads, interval=args.interval, grace=args.grace)
    where = f"Redis queue {settings.TASK_QUEUE!r}" if settings.TASK_BACKEND == "redis" else "its own in-memory queue"
    print(f"worker {running.id} started: {threads} threads, {where}; SIGTERM stops gracefully, Ctrl-C at once", flush=True)
    try:
        running.run()
    except Exception as exc:  # the queue's server is unreachable at start-up, for instance
        raise CommandError(f"the worker stopped: {type(exc).__name__}: {exc}") from None
    print("worker stopped", flush=True)
    return 0
