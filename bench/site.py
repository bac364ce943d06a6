"""Requests per second and p99 latency of the demo's article page, served five ways, measured side by side:

* ``waitress``: every page rendered by Django under waitress (what `dragoman serve` was before the pages were
  rendered ahead);
* ``serve --dynamic``: every page rendered by Django under granian (`dragoman serve --dynamic`);
* ``serve``: the page rendered ahead, answered from the folder (`dragoman serve`);
* ``nginx folder``: a bare nginx answering the folder's file, nothing else configured;
* ``nginx + serve``: the documented configuration (deploy/nginx/) in front of `dragoman serve`.

It builds the demo site in a temporary home (`dragoman demo --no-serve`: the demo news site translated into
Spanish, its pages rendered), starts the five servers on loopback, checks that each answers the page, then runs
wrk (Debian's; a bounded load: ``-t2 -c32`` for ``--seconds`` against 127.0.0.1 only) against each in turn, round
after round (each round starting with another), so that the machine's other load falls on all of them alike.
Each server's median round is printed, and the ratios the goals are about, each the median of its rounds' ratios.

    .venv/bin/python bench/site.py [--rounds 3] [--seconds 8] [--connections 32]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.nginx import BROTLI_MODULE, NGINX, nginx  # noqa: E402
from tests.support.served import running  # noqa: E402
from tests.support.services import free_port  # noqa: E402

VENV = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def environment(home: Path, site_url: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DRAGOMAN_", "DJANGO_"))}
    return {**clean, "DRAGOMAN_HOME": str(home), "DRAGOMAN_SITE_URL": site_url, "DJANGO_SETTINGS_MODULE": "dragoman.settings",
            "PYTHONPATH": str(REPO / "src")}  # fmt: skip


@contextlib.contextmanager
def bare_nginx(root: Path, prefix: Path):
    """nginx answering the folder's files and nothing else: the ceiling the documented configuration is held to."""
    prefix.mkdir(parents=True)
    port = free_port()
    module = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temporary = "".join(f"{kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"{module}{user}daemon off;\nworker_processes auto;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
        f"events {{ worker_connections 4096; }}\nhttp {{\naccess_log off;\n{temporary}include /etc/nginx/mime.types;\n"
        f"server {{ listen 127.0.0.1:{port}; root {root}; location / {{ try_files $uri/index.html $uri =404; }} }}\n}}\n"
    )
    url = f"http://127.0.0.1:{port}"
    with running([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], dict(os.environ), url + "/index.html"):
        yield url


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """(requests per second, p99 latency in ms, responses that were not 2xx or 3xx) of one wrk run."""
    done = subprocess.run([WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                          capture_output=True, text=True, timeout=seconds + 60, check=True)  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", done.stdout).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", done.stdout)
    return rate, p99, int(errors.group(1)) if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not Path(WRK).exists() or not Path(NGINX).exists():
        print("wrk and nginx are needed: scripts/setup.sh bench installs them", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="dragoman-site-bench-") as tmp:
        home = Path(tmp) / "home"
        serve_port = free_port()
        env = environment(home, f"http://127.0.0.1:{serve_port}")
        dragoman = [str(VENV / "dragoman")]
        built = subprocess.run([*dragoman, "demo", "--no-serve", "--port", str(serve_port), "--source-port", str(free_port())],
                               env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
        if built.returncode != 0:
            print(built.stdout + built.stderr, file=sys.stderr)
            return 1
        root = home / "site"
        article = sorted(p for p in (root / "articles").glob("*/*/index.html") if "bilingual" not in p.parts)[0]
        path = "/" + str(article.parent.relative_to(root)) + "/"
        print(f"page: {path} ({article.stat().st_size:,} bytes); wrk -t2 -c{args.connections} -d{args.seconds}s, "
              f"{args.rounds} rounds, the median shown")  # fmt: skip

        ports = {name: free_port() for name in ("waitress", "dynamic")}
        with contextlib.ExitStack() as stack:
            stack.enter_context(running(
                [str(VENV / "waitress-serve"), "--host", "127.0.0.1", "--port", str(ports["waitress"]), "--threads", "4",
                 "--call", "dragoman.wsgi:dynamic"], env, f"http://127.0.0.1:{ports['waitress']}{path}"))  # fmt: skip
            stack.enter_context(running([*dragoman, "serve", "--dynamic", "--port", str(ports["dynamic"])], env,
                                        f"http://127.0.0.1:{ports['dynamic']}{path}"))  # fmt: skip
            serve = f"http://127.0.0.1:{serve_port}"
            stack.enter_context(running([*dragoman, "serve", "--port", str(serve_port)], env, serve + path))
            bare = stack.enter_context(bare_nginx(root, Path(tmp) / "bare"))
            front = stack.enter_context(nginx(root, home / "media", f"127.0.0.1:{serve_port}", Path(tmp) / "front"))
            targets = {
                "waitress": f"http://127.0.0.1:{ports['waitress']}",
                "serve --dynamic": f"http://127.0.0.1:{ports['dynamic']}",
                "serve": serve,
                "nginx folder": bare,
                "nginx + serve": front,
            }
            expected = article.read_bytes()
            for name, base in targets.items():
                body = urllib.request.urlopen(base + path, timeout=30).read()
                if name in ("serve", "nginx folder", "nginx + serve") and body != expected:
                    print(f"{name} does not answer the rendered page", file=sys.stderr)
                    return 1
            results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in targets}
            names = list(targets)
            for round_ in range(args.rounds):
                for name in names[round_ % len(names):] + names[: round_ % len(names)]:  # each round starts elsewhere
                    results[name].append(wrk(targets[name] + path, args.seconds, args.connections))
                print(f"round {round_ + 1}: " + ", ".join(f"{n} {r[-1][0]:,.0f}/s" for n, r in results.items()), flush=True)

    median = {name: statistics.median_low(runs) for name, runs in results.items()}  # the median run, by its rate
    print(f"\n{'server':<16}{'requests/s':>12}{'p99 ms':>10}{'errors':>8}")
    for name, (rate, p99, errors) in median.items():
        print(f"{name:<16}{rate:>12,.0f}{p99:>10.1f}{errors:>8}")

    def ratio(a: str, b: str) -> float:
        """The median over the rounds of a's rate over b's in the same round: the machine's other load, which
        drifts from round to round, weighs on both sides of each ratio alike."""
        return statistics.median(x[0] / y[0] for x, y in zip(results[a], results[b]))

    print(f"\nserve / waitress:             {ratio('serve', 'waitress'):>8.1f}x  (goal >= 20x)")
    print(f"serve / serve --dynamic:      {ratio('serve', 'serve --dynamic'):>8.1f}x")
    print(f"nginx + serve / nginx folder: {ratio('nginx + serve', 'nginx folder'):>8.2f}   (goal >= 0.90)")
    print(f"p99 of serve, nginx + serve:  {median['serve'][1]:.1f} ms, {median['nginx + serve'][1]:.1f} ms  (goal < 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
