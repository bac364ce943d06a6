"""Apertium's translation programs kept running between documents: one mode's pipeline, null-flushed.

``apertium -f html eng-spa`` starts a dozen programs for every document (transfuse's ``tf-extract`` and
``tf-inject``, four ``lt-proc``, the tagger, three transfer stages, ``lrx-proc``, two ``gawk``), and each
loads its data again. For a news article of 450 words that start-up is most of the call: measured with
apertium 3.8.3 and eng-spa 0.8.1, 180 ms of wall time and 310 ms of CPU spread over several cores per call,
against 55 ms and 70 ms when the programs are already running.

Every program of a mode takes ``-z`` ("null flush"): it then works up to each NUL character, writes its
output followed by a NUL, flushes, and waits for more input. APY serves requests that way; this module does
the same inside the engine. ``apertium-wblank-mode -z`` (from the apertium package) gives the mode's programs
with ``-z`` added and the word-bound-blank steps that carry inline tags, exactly as ``apertium`` itself runs
them; only transfuse's two small programs still start for each document.

The protocol: transfuse's stream ends every block with a NUL, and the pipeline gives back exactly one NUL for
each NUL it is sent, so a document is complete when as many NULs have come back as were sent, and nothing of
it is left in the pipeline for the next one. The first block, transfuse's header naming the document's
state folder, and the mark that begins each block come back unchanged and in order, so a block lost or
repeated, or output that belongs to another document, is recognised. Anything
else (a program that exits, more blocks than were sent, another document's header, no answer before the
deadline) ends the pipeline: the caller gets an :class:`EngineError` that may be retried, and the next
document starts a new pipeline.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import tempfile
import threading
import time

from dragoman.translate.engines.base import EngineError, EngineUnavailable

# Transfuse marks each block with a superblank, which every program passes on unchanged and in order.
_BLOCK_MARK = re.compile(rb"\[tf-block:[^\]]*\]")
_WRITE_SIZE = 64 * 1024
_READ_SIZE = 64 * 1024


class ModePipeline:
    """One running pipeline of an Apertium mode. Used by one thread at a time (the engine lends it out)."""

    def __init__(self, mode: str, command: str, *, generation_option: str = "-n"):
        """``command``: the mode's programs as a shell pipeline with ``-z`` (the output of
        ``apertium-wblank-mode -z MODE_FILE``), which reads its options as ``$1`` (the generator's: ``-n``
        leaves unknown words unmarked, as ``apertium -u`` does) and ``$2`` (the tagger's, none)."""
        self.mode = mode
        self.command = command
        self._stderr = tempfile.TemporaryFile()
        # Its own session: a signal sent to the worker's process group does not cut a document in half, and
        # close() can end every program of the pipeline at once.
        self._process = subprocess.Popen(
            ["bash", "-c", command, "apertium", generation_option, ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        os.set_blocking(self._process.stdin.fileno(), False)
        self.last_used = time.monotonic()

    @property
    def pid(self) -> int:
        return self._process.pid

    def alive(self) -> bool:
        return self._process.poll() is None

    def translate(self, stream: bytes, deadline: float, what: str) -> bytes:
        """Send one document's transfuse stream and return the translated stream (``deadline`` is a
        :func:`time.monotonic` time). Raises :class:`EngineError` (retryable) when the pipeline fails; it is
        then of no further use and the caller closes it."""
        if not stream.endswith(b"\0"):
            raise EngineError(f"{what}: transfuse's stream does not end with a block (no closing NUL)")
        expected = stream.count(b"\0")
        stdin, stdout = self._process.stdin.fileno(), self._process.stdout.fileno()
        output = bytearray()
        flushes = 0
        sent = 0
        view = memoryview(stream)
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            selector.register(stdin, selectors.EVENT_WRITE)
            while flushes < expected:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise EngineError(
                        f"{what} timed out ({flushes} of {expected} blocks back from the running pipeline)",
                        retryable=True,
                    )
                for key, _ in selector.select(remaining):
                    if key.fd == stdin:
                        try:
                            sent += os.write(stdin, view[sent : sent + _WRITE_SIZE])
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            raise self._died(what) from None
                        if sent == len(view):
                            selector.unregister(stdin)
                    else:
                        chunk = os.read(stdout, _READ_SIZE)
                        if not chunk:
                            raise self._died(what)
                        flushes += chunk.count(b"\0")
                        output += chunk
        self.last_used = time.monotonic()
        # Transfuse's header (naming this document's state folder) and its block markers come back as they
        # went, in order: anything else is output of another document, or blocks lost or repeated.
        header = stream[: stream.index(b"\0") + 1]
        if (
            flushes != expected
            or not output.endswith(b"\0")
            or not output.startswith(header)
            or _BLOCK_MARK.findall(output) != _BLOCK_MARK.findall(stream)
        ):
            raise EngineError(
                f"{what}: the running pipeline is out of step (sent {expected} blocks, got {flushes} back, "
                f"starting {bytes(output[:60])!r})",
                retryable=True,
            )
        return bytes(output)

    def _died(self, what: str) -> EngineError:
        try:
            status = self._process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            status = None
        self._stderr.seek(0)
        detail = " ".join(self._stderr.read().decode("utf-8", "replace").split())[-500:] or "no message"
        how = "closed its output" if status is None else f"exited with status {status}"
        return EngineError(f"{what}: the running pipeline {how}: {detail}", retryable=True)

    def close(self) -> None:
        """End the pipeline: its programs stop at the end of their input; any still running after a second
        are killed."""
        process = self._process
        if process.poll() is None:
            try:
                process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        try:  # the other programs of the session, whether bash is still there or not
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
        for stream in (process.stdin, process.stdout, self._stderr):
            try:
                stream.close()
            except OSError:
                pass

    def __repr__(self) -> str:
        return f"<ModePipeline {self.mode} pid={self.pid}>"


class PipelinePool:
    """The running pipelines of one process, shared by every Apertium engine in it (a worker has one engine
    per thread).

    Each running pipeline holds its language pair's data in memory (about 200 MB for eng-spa) and keeps up to
    a core busy, so the process runs at most ``limit`` of them (default ``$DRAGOMAN_APERTIUM_PIPELINES``, else
    one per core): a batch that needs one when that many are translating waits for one to be given back (up
    to its deadline); an idle pipeline of another pair is ended to make room; a pipeline unused for
    ``idle_seconds`` is ended. Pipelines are told apart by their command, which names the pair's data files.
    """

    def __init__(self, limit: int | None = None, idle_seconds: float | None = None):
        self._limit = limit
        self._idle_seconds = idle_seconds
        self._idle: list[ModePipeline] = []  # given back, the most recently used last
        self._lent = 0
        self._changed = threading.Condition()

    @property
    def limit(self) -> int:
        return self._limit or _positive_int_env("DRAGOMAN_APERTIUM_PIPELINES") or _usable_cores()

    @property
    def idle_seconds(self) -> float:
        return self._idle_seconds or _positive_int_env("DRAGOMAN_APERTIUM_IDLE_SECONDS") or 600

    def borrow(self, mode: str, command: str, deadline: float, what: str) -> ModePipeline:
        """A running pipeline for ``command`` that no other thread is using: an idle one, else a new one."""
        ended: list[ModePipeline] = []
        reused = None
        with self._changed:
            while True:
                ended += self._take_stale()
                reused = next((p for p in reversed(self._idle) if p.command == command), None)
                if reused is not None:
                    self._idle.remove(reused)
                    break
                if self._lent + len(self._idle) < self.limit:
                    break
                if self._idle:  # the least recently used pipeline of another pair makes room
                    ended.append(self._idle.pop(0))
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise EngineError(
                        f"{what} timed out waiting for one of the {self.limit} running Apertium pipelines "
                        f"(DRAGOMAN_APERTIUM_PIPELINES) to be free",
                        retryable=True,
                    )
                self._changed.wait(remaining)
            self._lent += 1
        for pipeline in ended:
            pipeline.close()
        if reused is not None and reused.alive():
            return reused
        if reused is not None:
            reused.close()
        try:
            return ModePipeline(mode, command)
        except OSError as exc:
            self._returned()
            raise EngineError(f"Apertium's {mode} pipeline could not start: {exc}", retryable=True) from exc

    def give_back(self, pipeline: ModePipeline) -> None:
        """Return a pipeline that translated its batch whole, for the next batch of its pair."""
        with self._changed:
            self._idle.append(pipeline)
        self._returned()

    def discard(self, pipeline: ModePipeline) -> None:
        """End a pipeline that failed (its batch may have left anything in it)."""
        pipeline.close()
        self._returned()

    def close(self, commands: set[str] | None = None) -> None:
        """End the idle pipelines (of these commands only, if given); lent ones are ended when given back
        broken, or kept."""
        with self._changed:
            ending = [p for p in self._idle if commands is None or p.command in commands]
            self._idle = [p for p in self._idle if p not in ending]
            self._changed.notify_all()
        for pipeline in ending:
            pipeline.close()

    def running(self) -> int:
        """Pipelines running now, idle or lent out."""
        with self._changed:
            return self._lent + len(self._idle)

    def _returned(self) -> None:
        with self._changed:
            self._lent -= 1
            self._changed.notify_all()

    def _take_stale(self) -> list[ModePipeline]:
        """Remove the pipelines idle for longer than ``idle_seconds`` (the lock held) and return them."""
        now = time.monotonic()
        stale = [p for p in self._idle if now - p.last_used > self.idle_seconds]
        self._idle = [p for p in self._idle if p not in stale]
        return stale


def _usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _positive_int_env(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise EngineUnavailable(f"{name} must be a whole number of at least 1, not {value!r}")
    return number


#: The pipelines of this process (engines use it unless given a pool of their own).
POOL = PipelinePool()
