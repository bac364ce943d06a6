"""Dragoman as an operator serves it, for the API's tests: `dragoman serve` in a process of its own over a SQLite
file that `dragoman` commands fill (:class:`tests.support.cluster.Cluster`), users and their tokens made with
the commands, and an HTTP client that signs with a token."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

from tests.support.cluster import REPO, Cluster

ENGINES = "tests.support.engines:UpperCaseEngine"
PASSWORD = "a-long-test-password-7"

#: Users: a superuser, an editor (the Editors group, staff to sign in), and a user with no permission at all.
USERS = """
from django.contrib.auth.models import Group, User
from dragoman.review.apps import EDITORS_GROUP
User.objects.create_superuser("boss", "", "{password}")
editor = User.objects.create_user("ed", "", "{password}", is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
User.objects.create_user("nobody", "", "{password}")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveDragoman:
    def __init__(self, home, *, allow: str = ""):
        self.cluster = Cluster(home, allow=allow, engines=ENGINES)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.tokens: dict[str, str] = {}

    def dragoman(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        result = self.cluster.dragoman(*args, timeout=timeout)
        assert result.returncode == 0, f"dragoman {' '.join(args)}: {result.stderr}"
        return result

    def start(self) -> LiveDragoman:
        self.dragoman("manage", "migrate", "--verbosity", "0")
        self.dragoman("manage", "shell", "-c", USERS.format(password=PASSWORD))
        for user, flags in (("boss", ()), ("ed", ()), ("nobody", ()), ("boss-ro", ("--read-only",))):
            self.tokens[user] = self.dragoman("tokens", "create", "--user", user.removesuffix("-ro"), *flags).stdout.strip()
        with self.log.open("w") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "dragoman.cli", "serve", "--port", str(self.port)],
                                            env=self.cluster.env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        self.wait_for(lambda: "serving the site" in self.log.read_text() or self.process.poll() is not None, "serve")
        assert self.process.poll() is None, self.log.read_text()
        return self

    @property
    def log(self):
        """What the server printed and logged (a request that failed: its traceback)."""
        return self.cluster.home / "serve.log"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def client(self, user: str | None = "boss") -> httpx.Client:
        """An HTTP client of the API, signed with ``user``'s token (None: unsigned; "boss-ro": read-only)."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=60)

    def wait_for(self, done, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
            time.sleep(0.2)
