"""Real PostgreSQL and Redis for the scaled-mode tests, never a silent skip.

The servers named by the environment are used when they answer (``PGHOST``, ``PGPORT``, ``PGUSER``,
``PGPASSWORD`` with libpq's defaults, here 127.0.0.1:5432; ``REDIS_URL``, default
redis://127.0.0.1:6379/0). When one does not answer, a private instance is started from the installed
binaries (``initdb`` and ``pg_ctl`` of /usr/lib/postgresql/*/bin; ``redis-server``) in a temporary folder,
on a free port, and stopped at the end; when the binaries are missing too, the test fails and says what to
install.

Each test gets its own database (created and dropped, uniquely named) and its own queue name (Redis keys
``huey.*.<name>``, deleted afterwards), so tests and concurrent runs never see each other's work.
"""

from __future__ import annotations

import getpass
import glob
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- PostgreSQL ------------------------------------------------------------------------------------------------


def _pg_settings() -> dict[str, str]:
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER", getpass.getuser()),
        "password": os.environ.get("PGPASSWORD", ""),
    }


def _pg_answers(pg: dict[str, str]) -> bool:
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=3, **pg):
            return True
    except psycopg.Error:
        return False


@contextmanager
def postgres_server():
    """Connection settings (host, port, user, password) of a PostgreSQL server that answers."""
    pg = _pg_settings()
    if _pg_answers(pg):
        yield pg
        return
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        raise RuntimeError(
            f"no PostgreSQL answers at {pg['host']}:{pg['port']} and none is installed to start: "
            "apt-get install postgresql (or set PGHOST/PGPORT/PGUSER)"
        )
    bin_dir = Path(binaries[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="dragoman-pg-"))
    port = free_port()
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # initdb refuses root
    if as_user:
        shutil.chown(folder, "postgres")
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "dragoman", "--auth=trust"],
                   check=True, capture_output=True)  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-w", "start",
                    "-l", str(folder / "log")], check=True, capture_output=True)  # fmt: skip
    try:
        yield {"host": "127.0.0.1", "port": str(port), "user": "dragoman", "password": ""}
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(pg: dict[str, str]):
    """A new, uniquely named database on ``pg``; yields its URL (for DRAGOMAN_DATABASE_URL), drops it after."""
    name = f"dragoman_test_{secrets.token_hex(6)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **pg) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(pg["user"]) + (f":{quote(pg['password'])}" if pg["password"] else "")
    try:
        yield f"postgres://{auth}@{pg['host']}:{pg['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **pg) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Redis -----------------------------------------------------------------------------------------------------


@contextmanager
def redis_server():
    """The URL of a Redis server that answers."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        yield url
        return
    except redis.RedisError:
        pass
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(f"no Redis answers at {url} and none is installed to start: apt-get install redis-server")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    private = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(private).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield private
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def redis_queue(url: str):
    """A unique queue name on ``url`` (for DRAGOMAN_TASK_QUEUE); its keys are deleted after."""
    name = f"dragoman_test_{secrets.token_hex(6)}"
    try:
        yield name
    finally:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"huey.*.{name}*"))
        if keys:
            client.delete(*keys)


REPO = Path(__file__).resolve().parents[2]


def run_django(script: str, database_url: str, home: Path, *args: str, **env: str):
    """Run ``script`` in a new Python process set up for Django on ``database_url`` (``home``: its DRAGOMAN_HOME;
    ``env``: more of the environment), and return the last line it printed, read as JSON."""
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": database_url, "DRAGOMAN_HOME": str(home),
           "DRAGOMAN_EXTRA_ENGINES": "tests.support.engines:UpperCaseEngine", "DJANGO_SETTINGS_MODULE": "dragoman.settings",
           "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]), **env}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=300,
                          cwd=REPO)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
