"""``dragoman worker --processes N``: a parent that starts N worker processes and watches them.

Threads of one process queue on the interpreter lock, processes do not, so ``dragoman worker`` starts one
process per core by default (``--processes``, default ``os.cpu_count()``), each the ordinary worker of
:mod:`dragoman.runtime.worker` with its own threads, queue consumer, dispatcher, heartbeat, HTTP client and
robots.txt cache. The database's leases keep them apart as they keep apart workers on several machines; in the
embedded mode each child has its own in-memory queue, and a unit its dispatcher marked queued is queued by it
alone.

The parent does no work itself:

* SIGTERM to the parent is passed to every child, which stops gracefully (``--grace``); SIGINT (Ctrl-C) is
  passed on too, and each child stops at once. The parent exits 0 when every child stopped cleanly, else 1
  (a child still running ``--grace`` + 30 seconds later is killed).
* A child that exits while the parent is not stopping (killed, out of memory, a crash) is started again at
  once: its units come back to the others when its leases run out, as for any lost worker. A child that keeps
  dying is not restarted for ever: at the ``MAX_RESTARTS``-th restart within ``RESTART_WINDOW`` seconds the
  parent stops the others and exits 1, so that a service manager sees the failure.
* Each child is in a process group of its own and gets its signals from the parent alone, once. The parent
  killed outright (SIGKILL) leaves its children running: stop each with SIGTERM (the parent logs their pids).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Sequence

log = logging.getLogger("dragoman.worker")

#: Restarts allowed within RESTART_WINDOW seconds before the parent gives up (exit 1).
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0
#: How often the parent looks at its children.
POLL_SECONDS = 0.2


class Supervisor:
    """Runs ``command`` (one worker process) ``processes`` times, until a signal stops them all."""

    def __init__(self, command: Sequence[str], processes: int, *, grace: float):
        self.command = list(command)
        self.processes = processes
        self.grace = grace
        self.children: list[subprocess.Popen] = []
        self._signal: int | None = None
        self._restarts: deque[float] = deque()

    def run(self) -> int:
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.children = [self._start() for _ in range(self.processes)]
            while self._signal is None:
                for index, child in enumerate(self.children):
                    code = child.poll()
                    if code is None or self._signal is not None:
                        continue
                    if not self._may_restart():
                        log.error("worker process %s exited (%s) %s times in %g s; stopping", child.pid, code,
                                  MAX_RESTARTS, RESTART_WINDOW, extra={"event": "supervisor", "exit_code": code})  # fmt: skip
                        self._stop(signal.SIGTERM)
                        return 1
                    self.children[index] = self._start()
                    log.warning("worker process %s exited (%s); started %s in its place", child.pid, code,
                                self.children[index].pid, extra={"event": "supervisor", "exit_code": code})  # fmt: skip
                time.sleep(POLL_SECONDS)
            return 0 if self._stop(None) else 1  # the signal was passed on as it came
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _start(self) -> subprocess.Popen:
        # In a process group of its own, so that a signal reaches it once, from this parent: Ctrl-C at a
        # terminal goes to the parent's group only.
        child = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, process_group=0)
        log.info("worker process %s started", child.pid, extra={"event": "supervisor", "pid": child.pid})
        return child

    def _on_signal(self, signum, frame) -> None:
        if self._signal is not None and not (signum == signal.SIGINT and self._signal != signal.SIGINT):
            return  # passed on already (a Ctrl-C after a SIGTERM still turns a graceful stop into an immediate one)
        self._signal = signum
        for child in self.children:  # at once: each child starts its grace period now
            if child.poll() is None:
                child.send_signal(signum)

    def _may_restart(self) -> bool:
        now = time.monotonic()
        while self._restarts and now - self._restarts[0] > RESTART_WINDOW:
            self._restarts.popleft()
        self._restarts.append(now)
        return len(self._restarts) < MAX_RESTARTS

    def _stop(self, signum: int | None) -> bool:
        """Pass ``signum`` (if any) to every child still running and wait for them; whether all exited cleanly.
        (Never a second signal to a child stopping already: it would cut its hand-back short.)"""
        for child in self.children:
            if signum is not None and child.poll() is None:
                child.send_signal(signum)
        clean = True
        deadline = time.monotonic() + self.grace + 30  # a child's grace, and its hand-back
        for child in self.children:
            try:
                code = child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                code = child.wait()
            clean = clean and code == 0
        return clean


def child_command(*, threads: int, interval: float, grace: float) -> list[str]:
    """The command line of one worker process: this same ``dragoman worker``, with one process."""
    return [sys.executable, "-m", "dragoman.cli", "worker", "--processes", "1", "--threads", str(threads),
            "--interval", f"{interval:g}", "--grace", f"{grace:g}"]  # fmt: skip
