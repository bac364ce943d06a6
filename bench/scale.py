"""Throughput of the scaled mode with 1 and 2 worker processes, in one run, and their ratio.

    .venv/bin/python bench/scale.py [--articles 200] [--workers 1,2] [--threads 1] [--apertium running|command]

Each round is a new PostgreSQL database and a new Redis queue (the servers the environment names, else
private ones started for the run: see tests/support/services.py), one feed of generated articles (every
one different, so the translation memory saves nothing) served on a local port, Apertium as the engine
(eng->spa; its translating programs kept running, the engine's default, or with ``--apertium command`` one
``apertium`` command per article), and N ``dragoman worker`` processes with ``--threads`` threads each. The clock runs from the
start of the first unit of work to the end of the last, as the workers' JSON logs record them.

It prints, per round: articles per minute; the time the workers spent in extraction and in the engine,
and the share of the workers' wall time spent outside both (fetching, the database, the queue, and
waiting: everything Dragoman adds around the two); then the ratio of throughputs (goal: 1.7 or more with
2 workers on two cores).
"""

from __future__ import annotations

import argparse
import bisect
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from dragoman.demosite import DemoSite  # noqa: E402
from tests.support.cluster import Cluster  # noqa: E402
from tests.support.newsroom import write_newsroom  # noqa: E402
from tests.support.services import postgres_database, postgres_server, redis_queue, redis_server  # noqa: E402


@dataclass
class Round:
    workers: int
    articles: int
    wall: float
    extract: float
    engine: float
    units: int
    steps: dict[str, float]  # time in units of each step
    cpu: float  # CPU seconds of the worker processes and their children (the engine's), start-up left out
    machine_cores: float  # cores the whole machine kept busy during the work (/proc/stat, sampled)

    @property
    def per_minute(self) -> float:
        return self.articles / self.wall * 60

    @property
    def outside_share(self) -> float:
        return 1 - (self.extract + self.engine) / (self.wall * self.workers)

    @property
    def cores_used(self) -> float:
        """Cores the workers and their engine processes kept busy, on average over the work."""
        return self.cpu / self.wall


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every finished child and its waited-for children
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (everything but idle and iowait)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


class MachineSampler:
    """Reads the machine's busy CPU time every 50 ms in a thread, so that the cores kept busy can be read
    over any stretch of the round afterwards (the work's start and end are only known from the logs)."""

    def __init__(self):
        self.samples: list[tuple[float, float]] = []  # (time.time(), busy CPU seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MachineSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.samples.append((time.time(), _machine_busy()))
            if self._stop.wait(0.05):
                return

    def cores_busy(self, start: float, end: float) -> float:
        """Cores busy on average between two ``time.time()`` moments."""
        times, busy = zip(*self.samples)
        return (_interpolate(times, busy, end) - _interpolate(times, busy, start)) / (end - start)


def _interpolate(xs, ys, x: float) -> float:
    i = min(max(bisect.bisect_left(xs, x), 1), len(xs) - 1)
    (x0, y0), (x1, y1) = (xs[i - 1], ys[i - 1]), (xs[i], ys[i])
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1


def run_round(
    workers: int, threads: int, site: DemoSite, articles: int, pg, redis_url: str, home: Path, apertium: str
) -> Round:
    with postgres_database(pg) as database, redis_queue(redis_url) as queue:
        persistent = {"DRAGOMAN_APERTIUM_PERSISTENT": "true" if apertium == "running" else "false"}
        cluster = Cluster(home, database, redis_url, queue, allow=site.netloc, engines="", env=persistent)
        cpu_before = _children_cpu()
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", "apertium", "--since-days", "0")
        if added.returncode != 0:
            raise SystemExit(f"cannot add the source: {added.stderr.strip()}")
        start_up = _children_cpu() - cpu_before  # a dragoman process's start-up (Django, the models): a worker's too
        cpu_before = _children_cpu()
        with MachineSampler() as machine:
            processes = [cluster.start_worker(threads=threads, interval=1) for _ in range(workers)]
            try:
                cluster.wait_until(lambda: cluster.published() >= articles, timeout=3600, what=f"{articles} published")
            finally:
                for process in processes:
                    cluster.stop(process)
        units = [unit for process in processes for unit in process.units()]
        cpu = _children_cpu() - cpu_before
    ends = [datetime.fromisoformat(u["time"]).timestamp() for u in units]
    starts = [end - u["seconds"] for end, u in zip(ends, units)]
    return Round(
        workers=workers,
        articles=articles,
        wall=max(ends) - min(starts),
        extract=sum(u["extract_seconds"] for u in units),
        engine=sum(u["engine_seconds"] for u in units),
        units=len(units),
        steps={step: sum(u["seconds"] for u in units if u["step"] == step) for step in dict.fromkeys(u["step"] for u in units)},
        cpu=max(cpu - workers * start_up, 0.0),
        machine_cores=machine.cores_busy(min(starts), max(ends)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="worker processes of each round, comma-separated")
    parser.add_argument("--threads", type=int, default=1, help="threads of each worker (default 1: one core each)")
    parser.add_argument("--apertium", choices=("running", "command"), default="running",
                        help="running: the translating programs kept running (default); command: `apertium` per article")  # fmt: skip
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    cores = len(os.sched_getaffinity(0))

    with TemporaryDirectory(prefix="dragoman-bench-") as folder, postgres_server() as pg, redis_server() as redis_url:
        root = Path(folder)
        write_newsroom(root / "site", args.articles)
        with DemoSite(root=root / "site") as site:
            how = "programs kept running" if args.apertium == "running" else "one apertium command per article"
            print(f"{args.articles} articles, Apertium eng->spa ({how}), {args.threads} thread(s) per worker; "
                  f"PostgreSQL {pg['host']}:{pg['port']}, Redis {redis_url}")  # fmt: skip
            rounds = []
            for n in counts:
                home = root / f"home-{n}"
                home.mkdir()
                started = time.monotonic()
                result = run_round(n, args.threads, site, args.articles, pg, redis_url, home, args.apertium)
                rounds.append(result)
                print(
                    f"{n} worker(s): {result.per_minute:7.1f} articles/min  (work {result.wall:6.1f} s of "
                    f"{time.monotonic() - started:5.1f} s with start-up; {result.units} units)  "
                    f"extraction {result.extract:6.1f} s, engine {result.engine:6.1f} s, "
                    f"outside both {result.outside_share:5.1%} of the workers' wall time"
                )
                busy = sum(result.steps.values())
                print("    time in units: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.steps.items())
                      + f"; idle {result.wall * n - busy:.1f} s")  # fmt: skip
                print(f"    CPU: the workers and their engine processes {result.cpu:.1f} s = {result.cores_used:.2f} cores "
                      f"on average; the whole machine {result.machine_cores:.2f} of {cores} cores busy during the work")  # fmt: skip
    base = rounds[0]
    for result in rounds[1:]:
        print(f"ratio {result.workers} workers / {base.workers}: {result.per_minute / base.per_minute:.2f}x")
    # A round can go no faster than the cores allow: work that keeps c cores busy with one worker (the worker,
    # its engine's processes, and PostgreSQL, Redis and the feed's server working for it) can be sped up at
    # most cores / c times by adding workers.
    print(f"ceiling on {cores} cores set by the CPU the machine spends with {base.workers} worker(s) "
          f"({base.machine_cores:.2f} cores busy): {cores / base.machine_cores * base.workers:.2f}x")


if __name__ == "__main__":
    main()
