"""One settings module, driven by the environment.

Every setting an operator may change is read from an environment variable named ``DRAGOMAN_<NAME>``;
docs/configuration.md lists them all (a test checks that the two agree).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"DRAGOMAN_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


#: Where the embedded database, downloaded images and caches live.
HOME = Path(env("HOME", str(Path.cwd() / "var"))).resolve()

DEFAULT_SECRET_KEY = "dragoman-insecure-default-key-change-me"
SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{HOME / 'dragoman.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while the worker writes; a busy timeout instead of "database is locked";
    # transactions take the write lock when they begin, so the worker's threads queue for it instead of
    # failing when two of them turn a read into a write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED", True):
    # the parameters sent apart from the SQL, and a statement a connection sends a second time kept prepared on
    # the server (psycopg keeps the last 100): PostgreSQL parses and plans the workers' statements once per
    # connection, not at each article (a quarter less of its CPU per article). Off behind a pooler that cannot
    # keep prepared statements across transactions (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})

INSTALLED_APPS = [
    "dragoman.security.admin_site.DragomanAdminConfig",  # Django's admin, its login throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dragoman.sources",
    "dragoman.budgets",
    "dragoman.articles",
    "dragoman.stories",
    "dragoman.rendered",
    "dragoman.publish",
    "dragoman.review",
    "dragoman.names",
    "dragoman.security",
    "dragoman.rules",
    "dragoman.api",
    "ninja",  # the API's docs page: Swagger UI from its static files, not from a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dragoman.publish.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "dragoman.urls"
WSGI_APPLICATION = "dragoman.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dragoman.publish.context.site",
            ],
        },
    }
]

LANGUAGE_CODE = "en"
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # static files are served from the apps by WhiteNoise; no collectstatic step
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
#: The public pages rendered ahead, served from here by `dragoman serve` and nginx (docs/site.md).
RENDERED_ROOT = Path(env("RENDERED_ROOT", str(HOME / "site"))).resolve()
#: The site's public address, as rendered pages name it (canonical links, feeds, sitemaps): the scheme and host
#: (and port) the readers use. Its host must be in DRAGOMAN_ALLOWED_HOSTS.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
#: Pages of each listing (home, source, tag, day, language) rendered ahead; those after are rendered by Django at
#: each request.
RENDERED_LISTING_PAGES = int(env("RENDERED_LISTING_PAGES", "5"))
#: A worker renders the shared pages (home, listings, feeds, sitemaps, stories) the last publications marked at most
#: this often (docs/site.md): every publication in between shares one rendering of each. A page is served with
#: max-age=60, so readers may see it a minute old anyway.
RENDER_SECONDS = float(env("RENDER_SECONDS", "30"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- security headers and cookies (docs/security.md) --------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
#: Served to readers over HTTPS (through a reverse proxy that terminates TLS): secure cookies, HSTS, and
#: plain-HTTP requests redirected. The proxy must say which requests came over HTTPS (X-Forwarded-Proto)
#: and be named in DRAGOMAN_TRUSTED_PROXY, so that `dragoman serve` believes it.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000")) if HTTPS else 0
#: The reverse proxy in front of `dragoman serve` (its address, or "*"): its X-Forwarded-For and
#: X-Forwarded-Proto headers are believed (the client's address for the login throttle; HTTPS or not).
TRUSTED_PROXY = env("TRUSTED_PROXY", "")

# --- the task engine (docs/architecture.md, "Two execution modes") ------------------------------------------

#: "embedded": `dragoman worker` keeps its task queue in its own memory (no server; SQLite is enough).
#: "redis": the queue is in Redis, shared by every `dragoman worker` on every machine (use PostgreSQL then).
TASK_BACKEND = env("TASK_BACKEND", "embedded").strip().lower()
if TASK_BACKEND not in {"embedded", "redis"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"DRAGOMAN_TASK_BACKEND must be embedded or redis, not {TASK_BACKEND!r}")
#: The Redis server of the scaled mode.
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
#: The queue's name: its Redis keys are huey.*.<name>. Installations sharing one Redis need their own.
TASK_QUEUE = env("TASK_QUEUE", "dragoman")
HUEY = {
    "huey_class": "huey.RedisHuey" if TASK_BACKEND == "redis" else "huey.MemoryHuey",
    "name": TASK_QUEUE,
    "results": False,  # the database is the record of every unit; the queue only carries ids
    "immediate": False,
    **({"url": REDIS_URL} if TASK_BACKEND == "redis" else {}),
}
#: Seconds a unit of work taken by a worker stays its own; the worker renews the lease while it lives, so a
#: worker that vanished (killed, machine lost) has its units taken up again this long after.
LEASE_SECONDS = int(env("LEASE_SECONDS", "60"))
#: Seconds a unit may wait in the queue before it is queued again (its message lost with Redis's memory, or
#: with an embedded worker that was killed). A unit queued twice is still done once.
REQUEUE_SECONDS = int(env("REQUEUE_SECONDS", "900"))
#: Seconds before a step that failed in a way that may pass is tried again; doubled at each attempt.
RETRY_DELAY_SECONDS = int(env("RETRY_DELAY_SECONDS", "60"))
#: Threads of each `dragoman worker`: units it works on at once (its fetches still keep to FETCH_PER_HOST).
WORKER_THREADS = int(env("WORKER_THREADS", "4"))
#: On PostgreSQL, whether a worker's commits wait for the write-ahead log to reach the disk. Off by default:
#: a database crash may then lose the last fraction of a second of the workers' commits (never consistency),
#: and every step is idempotent, so those units are simply done again; a WordPress post is found again by
#: its key. Editors' work in the web process always waits.
WORKER_SYNCHRONOUS_COMMIT = env_bool("WORKER_SYNCHRONOUS_COMMIT", False)
#: Engines outside the package, registered at start-up: "module:Class" entries, comma-separated (plugins,
#: and the tests' fake engines in worker processes).
EXTRA_ENGINES = [entry.strip() for entry in env("EXTRA_ENGINES", "").split(",") if entry.strip()]

#: "text" (default) or "json": one JSON object per line, for log collectors.
LOG_FORMAT = env("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "dragoman.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "text"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"huey": {"level": "WARNING"}},  # the consumer's own chatter; Dragoman logs each unit itself
}

# --- Dragoman's own settings ---------------------------------------------------------------------------

#: Name of the republishing site, shown in the header and feeds.
SITE_NAME = env("SITE_NAME", "Dragoman")
#: Language of the site's own pages (home, source pages); article pages follow their translation.
SITE_LANGUAGE = env("SITE_LANGUAGE", "es")
#: Days within which articles are compared to group them into stories (dragoman.stories): the grouping's window.
STORY_WINDOW_DAYS = float(env("STORY_WINDOW_DAYS", "4"))
#: Who writes each story's summary: "extractive" (sentences chosen from the members, the default) or "openai" (an
#: OpenAI-compatible model, configured as the openai engine is; extractive whenever it fails).
STORY_SUMMARY_ENGINE = env("STORY_SUMMARY_ENGINE", "extractive").strip().lower()
#: Sentences in an extractive summary.
STORY_SUMMARY_SENTENCES = int(env("STORY_SUMMARY_SENTENCES", "3"))
#: Engine used when a source names none.
DEFAULT_ENGINE = env("DEFAULT_ENGINE", "apertium")
#: User-Agent of every outbound request.
USER_AGENT = env("USER_AGENT", "Dragoman/0.1 (+https://github.com/dragoman-news/dragoman)")
#: Largest response body accepted, in bytes, counted after decompression.
FETCH_MAX_BYTES = int(env("FETCH_MAX_BYTES", str(10 * 1024 * 1024)))
#: Seconds before an outbound request gives up, redirects and the whole body included.
FETCH_TIMEOUT = float(env("FETCH_TIMEOUT", "20"))
#: What outbound requests may reach although it is not public (loopback, private networks): host names,
#: addresses, CIDR networks, any of them with :port, comma-separated. Nothing by default.
FETCH_ALLOW = [entry.strip() for entry in env("FETCH_ALLOW", "").split(",") if entry.strip()]
#: Outbound requests in flight to one host at a time.
FETCH_PER_HOST = int(env("FETCH_PER_HOST", "4"))
#: Minutes between two polls of a source, unless the source says otherwise.
POLL_INTERVAL_MINUTES = int(env("POLL_INTERVAL_MINUTES", "30"))
#: How many times a failed step is tried before the item is left failed.
MAX_ATTEMPTS = int(env("MAX_ATTEMPTS", "3"))
#: A new source's import window, as `sources add` and the admin offer it: on its first import, items older
#: than this many days are archived, not translated
IMPORT_WINDOW_DAYS = int(env("IMPORT_WINDOW_DAYS", "2"))
#: Seconds a filter's or rewrite rule's regular expression may take on one text; longer counts as no match
#: (logged), and a new rule that takes longer on a probe text is refused (dragoman.rules.patterns).
RULES_REGEX_TIMEOUT = float(env("RULES_REGEX_TIMEOUT", "0.25"))
#: The share of an article's units (0 to 1) that may be degraded (published in a safer form, or kept in the
#: original language, after failing their checks twice) before the translation is held for review.
MAX_DEGRADED_SHARE = float(env("MAX_DEGRADED_SHARE", "0.2"))
