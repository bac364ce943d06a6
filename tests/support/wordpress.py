"""A real WordPress for the publisher's tests: Debian's ``wordpress`` package on ``php -S``, with MariaDB.

:class:`TestWordPress` builds one in a temporary folder and tears it down again:

- a database of its own, uniquely named, on the local MariaDB (127.0.0.1:3306, root without password); if
  none answers there, a private MariaDB is started from the installed binaries on a free port;
- a document root that links every file of ``/usr/share/wordpress`` except its ``wp-config.php`` (Debian's
  reads ``/etc/wordpress``, which a test must not touch) and ``wp-content``: ours has the theme, an uploads
  folder and Dragoman's must-use plugin;
- a ``wp-config.php`` with ``WP_ENVIRONMENT_TYPE=local`` (WordPress accepts application passwords over
  plain HTTP only then), ``WP_HTTP_BLOCK_EXTERNAL`` and ``DISABLE_WP_CRON``;
- WordPress installed from PHP (``wp_install``), pretty permalinks (so ``/wp-json/`` routes), an
  administrator with an application password, and an author for the author mapping;
- ``php -S`` on a free loopback port with a router script, in its own process group, so that stopping it
  stops its workers too.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

WORDPRESS = Path("/usr/share/wordpress")
THEMES = WORDPRESS / "wp-content" / "themes"
PLUGIN = Path(__file__).resolve().parents[2] / "src" / "dragoman" / "publish" / "wordpress_plugin" / "dragoman-key.php"


class WordPressUnavailable(RuntimeError):
    """What is missing to run WordPress here, and how to install it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WordPressUnavailable(f"{what} exited with status {process.returncode}")
        if not port_is_free(port):
            return
        time.sleep(0.05)
    raise WordPressUnavailable(f"{what} did not listen on port {port} within {timeout:.0f} s")


def _stop_group(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and every process of its group: php -S workers outlive
    their parent, so the whole group is signalled even when the parent has already gone."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class MariaDB:
    """The MariaDB the test WordPress uses: the local server, else a private one started here."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.host, self.port = "127.0.0.1", 3306
        self.process: subprocess.Popen | None = None

    def sql(self, statement: str) -> str:
        result = subprocess.run(
            ["mariadb", "--protocol=tcp", "-h", self.host, "-P", str(self.port), "-u", "root", "-N", "-e", statement],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise WordPressUnavailable(f"MariaDB at {self.host}:{self.port}: {result.stderr.strip()}")
        return result.stdout

    def start(self) -> "MariaDB":
        if not shutil.which("mariadb"):
            raise WordPressUnavailable("the MariaDB client is missing: apt-get install mariadb-server")
        try:
            self.sql("SELECT 1")
            return self
        except WordPressUnavailable:
            pass
        self._start_private()
        return self

    def _start_private(self) -> None:
        """A throwaway server from the installed binaries, on a free port, data in the work folder."""
        if not shutil.which("mariadb-install-db") or not Path("/usr/sbin/mariadbd").exists():
            raise WordPressUnavailable("no MariaDB answers on 127.0.0.1:3306 and mariadb-server is not installed")
        data = self.workdir / "mariadb"
        data.mkdir()
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
             "--skip-test-db", *user],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        self.port = free_port()
        self.process = subprocess.Popen(
            ["/usr/sbin/mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={data / 'mysqld.sock'}",
             f"--port={self.port}", "--bind-address=127.0.0.1", f"--pid-file={data / 'mysqld.pid'}", *user],
            stdout=subprocess.DEVNULL, stderr=(self.workdir / "mariadb.log").open("wb"), start_new_session=True,
        )  # fmt: skip
        _wait_for_port(self.port, self.process, "the private MariaDB")
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sql("SELECT 1")
                return
            except WordPressUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process)
            self.process = None


@dataclass
class Credentials:
    username: str
    application_password: str
    user_id: int
    author_id: int


class TestWordPress:
    """A WordPress installed and served for one test session (use as a context manager)."""

    TITLE = "Dragoman test newsroom"

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="dragoman-wp-"))
        self.database = f"dragoman_wp_{os.getpid()}_{secrets.token_hex(4)}"
        self.mariadb = MariaDB(self.workdir)
        self.port = 0
        self.server: subprocess.Popen | None = None
        self.credentials: Credentials | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def docroot(self) -> Path:
        return self.workdir / "wordpress"

    def __enter__(self) -> "TestWordPress":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        missing = [p for p in ("php", "mariadb") if not shutil.which(p)]
        if missing or not (WORDPRESS / "wp-load.php").exists():
            raise WordPressUnavailable(
                "WordPress needs Debian's packages: apt-get install wordpress wordpress-theme-twentytwentythree "
                "php-cli php-mysql mariadb-server (scripts/setup.sh test installs them)"
            )
        self.mariadb.start()
        self.mariadb.sql(f"CREATE DATABASE `{self.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        self.port = free_port()
        self._lay_out()
        self.credentials = self._install()
        self._serve()

    def stop(self) -> None:
        if self.server is not None:
            _stop_group(self.server)
            self.server = None
        try:
            self.mariadb.sql(f"DROP DATABASE IF EXISTS `{self.database}`")
        except WordPressUnavailable:
            pass
        self.mariadb.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- building it ----------------------------------------------------------------------------------------

    def _lay_out(self) -> None:
        root = self.docroot
        root.mkdir()
        for entry in WORDPRESS.iterdir():
            if entry.name not in {"wp-config.php", "wp-content"}:
                (root / entry.name).symlink_to(entry)
        content = root / "wp-content"
        (content / "mu-plugins").mkdir(parents=True)
        (content / "uploads").mkdir()
        (content / "plugins").mkdir()
        (content / "themes").symlink_to(THEMES)
        shutil.copy(PLUGIN, content / "mu-plugins" / PLUGIN.name)
        salts = "\n".join(
            f"define('{name}', '{secrets.token_hex(32)}');"
            for name in ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                         "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")
        )  # fmt: skip
        (root / "wp-config.php").write_text(
            f"""<?php
define('DB_NAME', '{self.database}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '{self.mariadb.host}:{self.mariadb.port}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
define('WP_HOME', '{self.url}');
define('WP_SITEURL', '{self.url}');
define('WP_CONTENT_DIR', '{content}');
define('WP_CONTENT_URL', '{self.url}/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
"""
        )
        # php -S runs this before every request: files are served as they are, PHP files run, the rest goes to
        # index.php (so /wp-json/ routes). ABSPATH is set here so that wp-load.php reads our wp-config.php.
        (self.workdir / "router.php").write_text(
            f"""<?php
define('ABSPATH', '{root}/');
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = ABSPATH . ltrim($path, '/');
if ($path !== '/' && strpos($path, '..') === false && is_file($file)) {{
    if (substr($file, -4) !== '.php') {{
        return false;
    }}
    $_SERVER['SCRIPT_NAME'] = $path;
    $_SERVER['SCRIPT_FILENAME'] = $file;
    chdir(dirname($file));
    require $file;
    return true;
}}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = ABSPATH . 'index.php';
chdir(ABSPATH);
require ABSPATH . 'index.php';
"""
        )

    def _install(self) -> Credentials:
        script = self.workdir / "install.php"
        script.write_text(
            f"""<?php
define('WP_INSTALLING', true);
define('ABSPATH', '{self.docroot}/');
$_SERVER['HTTP_HOST'] = '127.0.0.1:{self.port}';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
function wp_new_blog_notification() {{}}  // no mail from a test
require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$installed = wp_install('{self.TITLE}', 'editor', 'editor@example.test', false, '', '{secrets.token_hex(16)}');
update_option('permalink_structure', '/%postname%/');
flush_rewrite_rules(false);
$author = wp_insert_user(array('user_login' => 'reporter', 'user_email' => 'reporter@example.test',
    'user_pass' => '{secrets.token_hex(16)}', 'role' => 'author', 'display_name' => 'Reporter'));
list($password, $item) = WP_Application_Passwords::create_new_application_password(
    $installed['user_id'], array('name' => 'dragoman-tests'));
echo json_encode(array('user_id' => $installed['user_id'], 'author_id' => $author, 'password' => $password));
"""
        )
        result = subprocess.run(
            ["php", "-d", "display_errors=stderr", str(script)], capture_output=True, text=True, timeout=120,
            cwd=self.docroot,
        )  # fmt: skip
        if result.returncode != 0:
            raise WordPressUnavailable(f"WordPress did not install: {result.stderr.strip() or result.stdout.strip()}")
        found = json.loads(result.stdout.strip().splitlines()[-1])
        return Credentials("editor", found["password"], int(found["user_id"]), int(found["author_id"]))

    def _serve(self) -> None:
        if not port_is_free(self.port):
            raise WordPressUnavailable("the WordPress port was taken between choosing and serving it")
        log = (self.workdir / "php-server.log").open("wb")
        self.server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.docroot), str(self.workdir / "router.php")],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.docroot, start_new_session=True,
            env={**os.environ, "PHP_CLI_SERVER_WORKERS": "2"},
        )  # fmt: skip
        _wait_for_port(self.port, self.server, "php -S")

    # --- looking at it, as a test does ----------------------------------------------------------------------

    def api(self, method: str, route: str, **kwargs) -> httpx.Response:
        """A REST call with the administrator's application password (not through Dragoman's code)."""
        token = base64.b64encode(f"{self.credentials.username}:{self.credentials.application_password}".encode()).decode()
        return httpx.request(
            method, f"{self.url}/wp-json/{route.lstrip('/')}", headers={"Authorization": f"Basic {token}"},
            timeout=30, **kwargs,
        )  # fmt: skip

    def posts(self, **params) -> list[dict]:
        """Every post, whatever its status (the trash too), as an editor sees it."""
        statuses = "publish,future,draft,pending,private,trash"
        reply = self.api("GET", "wp/v2/posts", params={"status": statuses, "per_page": 100, "context": "edit", **params})
        reply.raise_for_status()
        return reply.json()
