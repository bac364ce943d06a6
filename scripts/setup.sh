#!/usr/bin/env bash
# Sets up everything Dragoman needs on Debian: the system packages (through apt, as root or with sudo)
# and the Python virtual environment at .venv/ with the package and its dependencies.
#   scripts/setup.sh demo   # what `make demo` needs
#   scripts/setup.sh check  # what `make check` needs: Apertium (as for the demo) and the test dependencies
#   scripts/setup.sh test   # what `make test` needs (Chromium, WordPress, PostgreSQL, Redis for the tests)
#   scripts/setup.sh bench  # what `make bench` needs: the test set-up plus Lighthouse (npm)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-demo}"
packages=(apertium apertium-eng-spa transfuse fonts-dejavu-core)
extras="."
case "$purpose" in
  demo|check|test|bench) ;;
  *) echo "setup: unknown purpose '$purpose' (demo, check, test or bench)" >&2; exit 2 ;;
esac
if [ "$purpose" = "check" ]; then
  # The fast tier: the demo's packages (Apertium translates in many fast tests) and no service, no browser.
  packages=(apertium apertium-eng-spa transfuse)
  extras=".[test]"
fi
if [ "$purpose" = "test" ] || [ "$purpose" = "bench" ]; then
  # WordPress, PHP and MariaDB: the publisher's tests install a real WordPress (tests/support/wordpress.py).
  packages+=(chromium fonts-hosny-amiri apertium-apy wordpress wordpress-theme-twentytwentythree php-cli php-mysql mariadb-server)
  # the scaled-mode tests use the PostgreSQL and Redis that answer, else start private ones from these
  packages+=(postgresql redis-server)
  # nginx in front of `dragoman serve`, as deploy/nginx/ configures it (tests/rendered/test_nginx.py starts a
  # private one), with the module that answers the rendered pages' .br files
  packages+=(nginx libnginx-mod-http-brotli-static)
  extras=".[test]"
fi
if [ "$purpose" = "bench" ]; then
  # Node.js and npm for Lighthouse (bench/lighthouse.py); Debian's npm brings Debian's nodejs.
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  packages+=(wrk)  # the HTTP load of bench/site.py
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  install_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  # Debian's apertium-apy starts a service on all interfaces (port 2737); the tests start their own on
  # loopback, so the system one is switched off where systemd runs it.
  install_cmd="$install_cmd && { [ ! -d /run/systemd/system ] || systemctl disable --now apertium-apy 2>/dev/null || true; }"
  # likewise Debian's nginx starts a site on port 80; the tests and the bench run private ones
  install_cmd="$install_cmd && { [ ! -d /run/systemd/system ] || systemctl disable --now nginx 2>/dev/null || true; }"
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    sh -c "$install_cmd"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "setup: installing Debian packages with sudo: ${missing[*]}"
    sudo sh -c "$install_cmd"
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run this as root, then run make again:" >&2
    echo "  $install_cmd" >&2
    exit 1
  fi
fi

python=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    python="$candidate"; break
  fi
done
if [ -z "$python" ]; then
  echo "setup: Python 3.11 or newer is needed; install it with: apt-get install -y python3 python3-venv" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $python"
  "$python" -m venv .venv || { echo "setup: venv failed; install it with: apt-get install -y python3-venv" >&2; exit 1; }
fi
stamp=".venv/.dragoman-demo"  # what was installed: the package, or the package with its test extra (check, test, bench)
[ "$extras" = "." ] || stamp=".venv/.dragoman-test"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python dependencies into .venv ($extras)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$extras"
  touch "$stamp"
fi

if [ "$purpose" = "bench" ]; then  # Lighthouse is for bench/lighthouse.py only; the tests do not need it
  lighthouse=tools/lighthouse
  if [ ! -d "$lighthouse/node_modules/lighthouse" ] || [ "$lighthouse/package-lock.json" -nt "$lighthouse/node_modules" ]; then
    echo "setup: installing Lighthouse into $lighthouse (npm)"
    npm ci --prefix "$lighthouse" --no-audit --no-fund --loglevel=error
    touch "$lighthouse/node_modules"
  fi
fi
