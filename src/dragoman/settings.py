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
    # WAL lets the site read while the worker writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "dragoman.sources",
    "dragoman.articles",
    "dragoman.publish",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Dragoman's own settings ---------------------------------------------------------------------------

#: Name of the republishing site, shown in the header and feeds.
SITE_NAME = env("SITE_NAME", "Dragoman")
#: Language of the site's own pages (home, source pages); article pages follow their translation.
SITE_LANGUAGE = env("SITE_LANGUAGE", "es")
#: Engine used when a source names none.
DEFAULT_ENGINE = env("DEFAULT_ENGINE", "apertium")
#: User-Agent of every outbound request.
USER_AGENT = env("USER_AGENT", "Dragoman/0.1 (+https://github.com/dragoman-news/dragoman)")
#: Largest response body accepted, in bytes, counted after decompression.
FETCH_MAX_BYTES = int(env("FETCH_MAX_BYTES", str(10 * 1024 * 1024)))
#: Seconds before an outbound request gives up.
FETCH_TIMEOUT = float(env("FETCH_TIMEOUT", "20"))
#: Minutes between two polls of a source, unless the source says otherwise.
POLL_INTERVAL_MINUTES = int(env("POLL_INTERVAL_MINUTES", "30"))
#: How many times a failed step is tried before the item is left failed.
MAX_ATTEMPTS = int(env("MAX_ATTEMPTS", "3"))
