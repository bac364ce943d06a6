"""`dragoman serve`: the translated site, served with waitress until Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from waitress.server import create_server

from dragoman.cli.common import CommandError
from dragoman.fetch.guard import parse_ip
from dragoman.security.checks import serving_errors
from dragoman.wsgi import application


def is_loopback(host: str) -> bool:
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    ip = parse_ip(host)
    return ip is not None and ip.is_loopback


def serve_site(host: str, port: int, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the site with waitress; on an address other than loopback, only with safe settings."""
    if not is_loopback(host):
        problems = serving_errors()
        if problems:
            reasons = "; ".join(f"{p.msg} ({p.hint})" for p in problems)
            raise CommandError(f"refusing to serve publicly on {host}: {reasons}")
    proxy = {}
    if settings.TRUSTED_PROXY:  # believe the reverse proxy about the client's address and the scheme
        proxy = {
            "trusted_proxy": settings.TRUSTED_PROXY,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "trusted_proxy_count": 1,
            "clear_untrusted_proxy_headers": True,
        }
    try:
        server = create_server(application, host=host, port=port, threads=4, **proxy)
    except OSError as exc:
        raise CommandError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another with --port") from None
    if on_ready:
        on_ready(f"http://{host}:{port}/")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def serve(args) -> int:
    serve_site(args.host, args.port, lambda url: print(f"serving the site at {url} (Ctrl-C stops)", flush=True))
    return 0
