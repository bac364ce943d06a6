"""Dragoman as an operator runs it: ``dragoman`` commands and ``dragoman worker`` processes sharing one
database and one queue. The scaled mode (PostgreSQL and a Redis queue) by default; with no Redis URL, the
embedded mode (a SQLite file, each worker's queue in its own memory). For the tests and bench/scale.py."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def records(self) -> list[dict]:
        """The JSON lines the worker logged (anything else it printed is skipped)."""
        lines = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    continue
        return lines

    def units(self, outcome: str | None = None) -> list[dict]:
        return [r for r in self.records() if r.get("event") == "unit" and (outcome is None or r["outcome"] == outcome)]


class Cluster:
    """Commands and workers against one database and one queue. ``engines``: DRAGOMAN_EXTRA_ENGINES.
    Without ``database_url``, a SQLite file in ``home``; without ``redis_url``, the embedded queue."""

    def __init__(self, home: Path, database_url: str = "", redis_url: str = "", queue: str = "dragoman", *,
                 allow: str, engines: str = "tests.support.engines:UpperCaseEngine",
                 env: dict[str, str] | None = None):  # fmt: skip
        self.home = home
        self.database_url = database_url or f"sqlite:///{home / 'dragoman.sqlite3'}"
        self.workers: list[WorkerProcess] = []
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "DRAGOMAN_HOME": str(home),
            "DRAGOMAN_DATABASE_URL": self.database_url,
            "DRAGOMAN_TASK_BACKEND": "redis" if redis_url else "embedded",
            "DRAGOMAN_REDIS_URL": redis_url,
            "DRAGOMAN_TASK_QUEUE": queue,
            "DRAGOMAN_FETCH_ALLOW": allow,
            "DRAGOMAN_EXTRA_ENGINES": engines,
            "DRAGOMAN_LOG_FORMAT": "json",
            "DRAGOMAN_LOG_LEVEL": "INFO",
            **(env or {}),
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    def dragoman(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dragoman.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, cwd=REPO)  # fmt: skip

    def start_worker(self, *, threads: int = 2, interval: float = 0.5, grace: float = 20, processes: int = 1) -> WorkerProcess:
        """``dragoman worker``, one process by default (with ``processes`` > 1, the parent of that many)."""
        log = self.home / f"worker-{len(self.workers) + 1}.log"
        command = ["worker", "--processes", str(processes), "--threads", str(threads), "--interval", str(interval),
                   "--grace", str(grace)]  # fmt: skip
        with log.open("w") as out:
            process = subprocess.Popen([sys.executable, "-m", "dragoman.cli", *command], env=self.env, stdout=out,
                                       stderr=subprocess.STDOUT, cwd=REPO)  # fmt: skip
        worker = WorkerProcess(process, log)
        self.workers.append(worker)
        return worker

    def stop(self, worker: WorkerProcess, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if worker.alive():
            worker.process.send_signal(sig)
        return worker.process.wait(timeout=timeout)

    def stop_all(self) -> None:
        for worker in self.workers:
            if worker.alive():
                self.stop(worker)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.database_url.startswith("sqlite:///"):
            connection = sqlite3.connect(self.database_url.removeprefix("sqlite:///"), timeout=30)
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple = ()):
        return self.query(sql, params)[0][0]

    def wait_until(self, done: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Poll ``done`` until it is true; fail with the workers' last log lines after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                tails = "\n".join(f"--- {w.log.name}:\n" + "\n".join(w.log.read_text().splitlines()[-15:]) for w in self.workers)
                raise AssertionError(f"{what}: not reached in {timeout:g} s\n{self.states()}\n{tails}")
            time.sleep(0.25)

    # --- what the database says --------------------------------------------------------------------------

    def published(self) -> int:
        return self.scalar("SELECT count(*) FROM articles_translation WHERE state = 'published'")

    def states(self) -> str:
        """Rows per state and holder, for a failure's message: where the work stands."""
        lines = []
        for table in ("articles_entry", "articles_translation"):
            rows = self.query(f"SELECT state, claimed_by <> '', count(*) FROM {table} GROUP BY state, claimed_by <> ''")
            lines.append(f"{table}: " + ", ".join(f"{state}{' (held)' if held else ''} {n}" for state, held, n in rows))
            for (error,) in self.query(f"SELECT error FROM {table} WHERE state = 'failed' LIMIT 3"):
                lines.append(f"  failed: {error}")
        return "\n".join(lines)

    def duplicates(self) -> dict[str, list]:
        """Anything stored twice: entries per key, articles per entry, translations per (article, language),
        site publications per translation."""
        return {
            "entries": self.query("SELECT source_id, key FROM articles_entry GROUP BY source_id, key HAVING count(*) > 1"),
            "translations": self.query(
                "SELECT article_id, target_language FROM articles_translation GROUP BY article_id, target_language "
                "HAVING count(*) > 1"
            ),
            "publications": self.query(
                "SELECT translation_id FROM publish_publication WHERE target = 'site' GROUP BY translation_id "
                "HAVING count(*) > 1"
            ),
        }
