"""A private nginx (Debian's) running the repository's configuration (deploy/nginx/), templated to a test's
folder and ports: its own prefix, pid file, logs and temporary folders, never the system's service."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.served import running
from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def site_config(root: Path, media: Path, upstream: str, port: int, snippets: Path) -> str:
    """deploy/nginx/dragoman.conf with its CHANGE values set (and brotli_static left out without its module)."""
    text = (CONFIG / "dragoman.conf").read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("/var/lib/dragoman/site;", f"{root};"),
        ("/var/lib/dragoman/media/images/;", f"{media}/images/;"),
        ("/etc/nginx/snippets/", f"{snippets}/"),
    ):
        assert old in text, old  # the configuration still has the value this template sets
        text = text.replace(old, new)
    if not BROTLI_MODULE.exists():
        text = text.replace("brotli_static on;", "")
    return text


def main_config(prefix: Path, site: Path) -> str:
    temporary = "".join(f"{kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    module = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    # as root, nginx's workers would run as nobody, who cannot enter the test's private temporary folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{module}{user}daemon off;\nworker_processes auto;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
        "events { worker_connections 4096; }\n"
        f"http {{\naccess_log off;\n{temporary}include /etc/nginx/mime.types;\ninclude {site};\n}}\n"
    )


@contextlib.contextmanager
def nginx(root: Path, media: Path, upstream: str, prefix: Path):
    """Yield the base URL of a private nginx serving ``root`` in front of ``upstream`` (host:port)."""
    prefix.mkdir(parents=True, exist_ok=True)
    for name in ("dragoman-headers.conf", "dragoman-proxy.conf"):
        shutil.copy(CONFIG / name, prefix / name)
    port = free_port()
    (prefix / "dragoman.conf").write_text(site_config(root, media, upstream, port, prefix))
    (prefix / "nginx.conf").write_text(main_config(prefix, prefix / "dragoman.conf"))
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    url = f"http://127.0.0.1:{port}"
    with running([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], dict(os.environ), url + "/robots.txt"):
        yield url
