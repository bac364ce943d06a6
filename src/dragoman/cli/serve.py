"""`dragoman serve`: the translated site, served with granian until Ctrl-C: the rendered pages from their folder
(dragoman.rendered.serving), the rest through Django; `--dynamic` renders every page through Django."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings

from dragoman.cli.common import CommandError
from dragoman.fetch.guard import parse_ip
from dragoman.security.checks import serving_errors

#: Threads per worker process running the application: Django's dynamic pages block on the database.
THREADS = 4


def is_loopback(host: str) -> bool:
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    ip = parse_ip(host)
    return ip is not None and ip.is_loopback


def serve_site(
    host: str, port: int, on_ready: Callable[[str], None] | None = None, *, dynamic: bool = False, workers: int = 1
) -> None:
    """Serve the site with granian; on an address other than loopback, only with safe settings."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    if not is_loopback(host):
        problems = serving_errors()
        if problems:
            reasons = "; ".join(f"{p.msg} ({p.hint})" for p in problems)
            raise CommandError(f"refusing to serve publicly on {host}: {reasons}")
    _check_free(host, port)
    server = Server(
        "dragoman.wsgi:dynamic" if dynamic else "dragoman.wsgi:site",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        factory=True,
        workers=workers,
        blocking_threads=THREADS,
        log_level=LogLevels.warning if logging.getLogger().level > logging.INFO else LogLevels.info,
        respawn_failed_workers=True,
    )
    if on_ready:  # said once a worker answers, not before (the workers take a few seconds to start)
        server.on_startup(lambda: _when_listening(host, port, lambda: on_ready(f"http://{url_host(host)}:{port}/")))
    server.serve()  # until SIGINT or SIGTERM


def _when_listening(host: str, port: int, then: Callable[[], None], timeout: float = 120) -> None:
    """Call ``then`` from a thread once something accepts connections on ``host``:``port``. Started just before
    granian forks its workers, the thread takes no lock while it waits: the address is resolved here, before it
    starts, and it only connects to that (``socket.create_connection`` in the thread resolved the name with
    ``getaddrinfo``, whose first call imports the IDNA codec: a fork during that import left the import's lock
    held forever in the worker, and the first name lookup there, an engine's probe for one, never returned)."""
    name = host.encode("ascii") if host.isascii() else host  # bytes: no codec to look up
    addresses = [(family, kind, proto, address) for family, kind, proto, _, address in
                 socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)]  # fmt: skip

    def answers(family, kind, proto, address) -> bool:
        with socket.socket(family, kind, proto) as probe:
            probe.settimeout(1)
            try:
                probe.connect(address)
                return True
            except OSError:
                return False

    def wait() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not any(answers(*each) for each in addresses):
            time.sleep(0.1)
        then()

    threading.Thread(target=wait, name="ready", daemon=True).start()


def _check_free(host: str, port: int) -> None:
    """Fail with a clear message (not the server's traceback) when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another with --port") from None


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(args) -> int:
    how = "every page rendered by Django" if args.dynamic else f"rendered pages from {settings.RENDERED_ROOT}"
    serve_site(
        args.host,
        args.port,
        lambda url: print(f"serving the site at {url} ({how}; Ctrl-C stops)", flush=True),
        dynamic=args.dynamic,
        workers=args.workers,
    )
    return 0
