"""Throughput of the scaled mode with worker processes x threads, in one run: articles per minute, speed-up,
efficiency against the ideal, and CPU milliseconds per article of the workers and of PostgreSQL.

    .venv/bin/python bench/scale.py [--articles 200] [--shapes 1x1,2x1] [--engine-latency SECONDS]
                                    [--apertium running|command]

Each round is a new PostgreSQL database and a new Redis queue (the servers the environment names, else
private ones started for the run: see tests/support/services.py), one feed of generated articles (every one
different, so the translation memory saves nothing) served on a local port, and one ``dragoman worker
--processes P --threads T`` per shape ``PxT``. The engine is Apertium (eng->spa; its translating programs
kept running, the engine's default, or with ``--apertium command`` one ``apertium`` command per article), or
with ``--engine-latency L`` a test engine that waits L seconds per batch like a remote service (DeepL,
Google) and answers at once (tests/support/engines.py, ``RemoteLikeEngine``). The clock runs from the start
of the first unit of work to the end of the last, as the workers' JSON logs record them.

It prints, per round: articles per minute, the speed-up over the first round, and the efficiency against
the ideal; the CPU milliseconds per article of the workers (their processes and the processes they started,
read from /proc over the stretch of the work, which lasts until the shared pages of the site that the
publications marked are rendered: a worker renders them every ``DRAGOMAN_RENDER_SECONDS``) and of PostgreSQL
(the server processes serving the round's database, read from /proc the same way: its background processes
and the bench's own connection left out); the time in units per step; whether any article was stored twice or
is missing.

The ideal. An article takes a thread ``L * b + c`` seconds, ``b`` the engine batches per article (read from
the units' engine time) and ``c`` the CPU seconds per article of the workers and PostgreSQL together, as
measured in the same round: P x T threads finish at most ``P * T / (L * b + c)`` articles per second. The
machine's K cores finish at most ``K / c``. And a worker process runs Python on one core at a time (the
interpreter lock), so P processes finish at most ``P / w`` (``w``: the workers' CPU seconds per article).
The ideal is the least of the three; efficiency is the measured rate over it. Anything else on the machine
(the feed's server, Redis, other work) is outside the model, so on a shared machine the efficiency falls.
Without ``--engine-latency``, L * b is the engine time the units logged per article.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from dragoman.demosite import DemoSite  # noqa: E402
from tests.support.cluster import Cluster  # noqa: E402
from tests.support.newsroom import write_newsroom  # noqa: E402
from tests.support.services import postgres_database, postgres_server, redis_queue, redis_server  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.1


@dataclass
class Round:
    processes: int
    threads: int
    articles: int
    wall: float
    engine: float  # seconds in the engine, all units
    engine_calls: float  # batches per article
    steps: dict[str, float]  # time in units of each step
    step_cpu: dict[str, float]  # CPU seconds of the worker threads in units of each step
    worker_cpu: float  # CPU seconds of the workers (and their children) over the work
    postgres_cpu: float  # CPU seconds of the PostgreSQL processes serving the round's database
    machine_cores: float  # cores the whole machine kept busy during the work
    duplicates: dict[str, list]
    missing: int  # entries not published
    pages_after: float  # seconds from the last unit's end until no page was left marked

    @property
    def shape(self) -> str:
        return f"{self.processes}x{self.threads}"

    @property
    def per_minute(self) -> float:
        return self.articles / self.wall * 60

    @property
    def worker_ms(self) -> float:
        return self.worker_cpu / self.articles * 1000

    @property
    def postgres_ms(self) -> float:
        return self.postgres_cpu / self.articles * 1000

    def ideal_per_minute(self, cores: int, latency: float | None) -> float:
        c = (self.worker_cpu + self.postgres_cpu) / self.articles
        waiting = latency * self.engine_calls if latency is not None else self.engine / self.articles
        w = self.worker_cpu / self.articles
        return 60 * min(self.processes * self.threads / (waiting + c), cores / c, self.processes / w)


def _cpu_seconds(pid: int, *, children: bool) -> float | None:
    """utime + stime of a process (and of its waited-for children), None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    used = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    if children:
        used += int(fields[13]) + int(fields[14])  # cutime, cstime
    return used / TICK


def _descendants(root: int) -> set[int]:
    """``root`` and every process under it (each thread's children file: CONFIG_PROC_CHILDREN)."""
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
            except FileNotFoundError:
                continue
    return found


def _machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (everything but idle and iowait)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / TICK


class CpuSampler:
    """Every 0.1 s in a thread: the CPU time so far of the worker processes (the tree under ``root``), of the
    PostgreSQL backends connected to ``database`` (but for ``own_backend``, the bench's), and of the whole
    machine, so that each can be read over any stretch of the round afterwards (the work's start and end are
    only known from the logs). A process that ends keeps the last time read of it."""

    def __init__(self, root: int, connection: psycopg.Connection, database: str):
        self.root, self.connection, self.database = root, connection, database
        self.own_backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
        self.samples: list[tuple[float, float, float, float]] = []  # (time.time(), workers, postgres, machine)
        self._workers: dict[int, float] = {}
        self._backends: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "CpuSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        workers: set[int] = set()
        backends: set[int] = set()
        sample = 0
        while True:
            if sample % 10 == 0:  # the processes, once a second; their CPU, every sample
                workers = _descendants(self.root)
                rows = self.connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s", (self.database, self.own_backend)
                ).fetchall()
                backends = {pid for (pid,) in rows}
            for pids, seen, children in ((workers, self._workers, True), (backends, self._backends, False)):
                for pid in pids:
                    used = _cpu_seconds(pid, children=children)
                    if used is not None:
                        seen[pid] = used
            self.samples.append((time.time(), sum(self._workers.values()), sum(self._backends.values()), _machine_busy()))
            sample += 1
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def between(self, start: float, end: float) -> tuple[float, float, float]:
        """CPU seconds of the workers, of PostgreSQL and of the machine between two ``time.time()`` moments."""
        times = [s[0] for s in self.samples]
        return tuple(_interpolate(times, [s[i] for s in self.samples], end) - _interpolate(times, [s[i] for s in self.samples], start)
                     for i in (1, 2, 3))  # fmt: skip


def _interpolate(xs, ys, x: float) -> float:
    i = min(max(bisect.bisect_left(xs, x), 1), len(xs) - 1)
    (x0, y0), (x1, y1) = (xs[i - 1], ys[i - 1]), (xs[i], ys[i])
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1


def run_round(processes: int, threads: int, site: DemoSite, articles: int, pg, redis_url: str, home: Path, args) -> Round:
    with postgres_database(pg) as database, redis_queue(redis_url) as queue:
        if args.engine_latency is not None:
            engine = "test-remote"
            extra = {"DRAGOMAN_TEST_ENGINE_LATENCY": f"{args.engine_latency:g}"}
            engines = "tests.support.engines:RemoteLikeEngine"
        else:
            engine, engines = "apertium", ""
            extra = {"DRAGOMAN_APERTIUM_PERSISTENT": "true" if args.apertium == "running" else "false"}
        cluster = Cluster(home, database, redis_url, queue, allow=site.netloc, engines=engines, env=extra)
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", engine, "--since-days", "0")
        if added.returncode != 0:
            raise SystemExit(f"cannot add the source: {added.stderr.strip()}")
        with psycopg.connect(database, autocommit=True) as connection:
            worker = cluster.start_worker(processes=processes, threads=threads, interval=5)  # the default
            try:
                with CpuSampler(worker.pid, connection, database.rsplit("/", 1)[1]) as sampler:
                    deadline = time.monotonic() + 3600

                    def wait_until(done, failure: str) -> None:
                        while not done():
                            if not worker.alive() or time.monotonic() > deadline:
                                raise SystemExit(f"{failure} in round {processes}x{threads}\n{cluster.states()}")
                            time.sleep(0.25)

                    published = "SELECT count(*) FROM articles_translation WHERE state = 'published'"
                    wait_until(lambda: connection.execute(published).fetchone()[0] >= articles, f"{articles} not published")
                    # the work includes the pages: until the shared pages the publications marked are rendered
                    marked = "SELECT count(*) FROM rendered_stalepage"
                    wait_until(lambda: not connection.execute(marked).fetchone()[0], "pages left marked")
                    caught_up = time.time()
                    units = worker.units()
                    ends = [datetime.fromisoformat(u["time"]).timestamp() for u in units]
                    starts = [end - u["seconds"] for end, u in zip(ends, units)]
                    start, end = min(starts), max(ends)
                    while sampler.samples[-1][0] < caught_up + SAMPLE_SECONDS:
                        time.sleep(SAMPLE_SECONDS)
            finally:
                cluster.stop(worker)
            worker_cpu, postgres_cpu, machine = sampler.between(start, max(end, caught_up))
        translate = [u for u in units if u["step"] == "translate" and u["outcome"] == "done"]
        calls = sum(u.get("engine_calls", 1) for u in translate) / max(len(translate), 1)
        missing = cluster.scalar(
            "SELECT count(*) FROM articles_entry e LEFT JOIN articles_article a ON a.entry_id = e.id "
            "LEFT JOIN articles_translation t ON t.article_id = a.id AND t.state = 'published' WHERE t.id IS NULL"
        )
        duplicates = cluster.duplicates()
    return Round(
        processes=processes,
        threads=threads,
        articles=articles,
        wall=end - start,
        engine=sum(u["engine_seconds"] for u in units),
        engine_calls=calls,
        steps={step: sum(u["seconds"] for u in units if u["step"] == step) for step in dict.fromkeys(u["step"] for u in units)},
        step_cpu={step: sum(u.get("cpu_seconds", 0.0) for u in units if u["step"] == step) for step in dict.fromkeys(u["step"] for u in units)},
        worker_cpu=worker_cpu,
        postgres_cpu=postgres_cpu,
        machine_cores=machine / (max(end, caught_up) - start),
        pages_after=max(caught_up - end, 0.0),
        duplicates={kind: rows for kind, rows in duplicates.items() if rows},
        missing=missing,
    )


def _shape(text: str) -> tuple[int, int]:
    try:
        processes, threads = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a shape is PROCESSESxTHREADS, like 2x16, not {text!r}") from None
    if processes < 1 or threads < 1:
        raise argparse.ArgumentTypeError(f"a shape needs at least 1 process and 1 thread, not {text!r}")
    return processes, threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--shapes", default="1x1,2x1", help="rounds as worker PROCESSESxTHREADS, comma-separated (default 1x1,2x1)")
    parser.add_argument("--engine-latency", type=float, metavar="SECONDS",
                        help="translate with a test engine that waits SECONDS per batch like a remote service, not Apertium")  # fmt: skip
    parser.add_argument("--apertium", choices=("running", "command"), default="running",
                        help="running: the translating programs kept running (default); command: `apertium` per article")  # fmt: skip
    args = parser.parse_args()
    try:
        shapes = [_shape(text) for text in args.shapes.split(",")]
    except argparse.ArgumentTypeError as exc:
        parser.error(f"--shapes: {exc}")
    if args.engine_latency is not None and args.engine_latency < 0:
        parser.error(f"--engine-latency: 0 or more seconds, not {args.engine_latency:g}")
    cores = len(os.sched_getaffinity(0))

    with TemporaryDirectory(prefix="dragoman-bench-") as folder, postgres_server() as pg, redis_server() as redis_url:
        root = Path(folder)
        write_newsroom(root / "site", args.articles)
        with DemoSite(root=root / "site") as site:
            if args.engine_latency is not None:
                how = f"test engine waiting {args.engine_latency:g} s per batch like a remote service"
            else:
                how = "Apertium eng->spa, " + ("programs kept running" if args.apertium == "running" else "one apertium command per article")
            print(f"{args.articles} articles, {how}; PostgreSQL {pg['host']}:{pg['port']}, Redis {redis_url}; "
                  f"{cores} cores, load {os.getloadavg()[0]:.2f} at the start")  # fmt: skip
            rounds = []
            for processes, threads in shapes:
                home = root / f"home-{processes}x{threads}"
                home.mkdir()
                result = run_round(processes, threads, site, args.articles, pg, redis_url, home, args)
                rounds.append(result)
                base = rounds[0]
                ideal = result.ideal_per_minute(cores, args.engine_latency)
                print(
                    f"{result.shape:>6}: {result.per_minute:7.0f} articles/min  speed-up {result.per_minute / base.per_minute:5.2f}x  "
                    f"efficiency {result.per_minute / ideal:4.2f} (ideal {ideal:.0f}/min)  "
                    f"CPU per article: workers {result.worker_ms:5.1f} ms, PostgreSQL {result.postgres_ms:5.1f} ms, "
                    f"together {result.worker_ms + result.postgres_ms:5.1f} ms"
                )
                busy = sum(result.steps.values())
                print(f"        work {result.wall:.1f} s, {result.engine_calls:.2f} engine batches per article; machine "
                      f"{result.machine_cores:.2f} of {cores} cores busy; time in units: "
                      + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.steps.items())
                      + f"; idle {result.wall * result.processes * result.threads - busy:.1f} s")  # fmt: skip
                in_units = sum(result.step_cpu.values())
                print("        workers' CPU per article in units: " + ", ".join(
                      f"{step} {seconds / result.articles * 1000:.1f} ms" for step, seconds in result.step_cpu.items())
                      + f"; outside units {(result.worker_cpu - in_units) / result.articles * 1000:.1f} ms (the site's "
                      f"shared pages among them, rendered {result.pages_after:.1f} s after the last unit)")  # fmt: skip
                print(f"        duplicates: {result.duplicates or 'none'}; entries not published: {result.missing}; "
                      f"load {os.getloadavg()[0]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
