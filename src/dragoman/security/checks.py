"""Dragoman's own system checks, registered by :class:`~dragoman.security.apps.SecurityConfig`.

``dragoman check --deploy`` runs them with Django's deployment checks; ``dragoman serve`` on an address
that is not loopback refuses to start while :func:`serving_errors` finds any.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

SECRET_KEY_HINT = (
    "set DRAGOMAN_SECRET_KEY to a long random value, e.g. the output of "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def check_fetch_allow(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Every DRAGOMAN_FETCH_ALLOW entry must parse (a typo would otherwise fail the first fetch instead)."""
    from dragoman.fetch import parse_allow_entry

    errors = []
    for entry in settings.FETCH_ALLOW:
        try:
            parse_allow_entry(entry)
        except ValueError as exc:
            errors.append(Error(f"DRAGOMAN_FETCH_ALLOW: {exc}", hint="fix or remove the entry", id="dragoman.E003"))
    return errors


def check_debug(app_configs=None, **kwargs) -> list[CheckMessage]:
    if settings.DEBUG:
        return [
            Error(
                "DEBUG is on: error pages would show settings and code to anyone",
                hint="unset DRAGOMAN_DEBUG before serving publicly",
                id="dragoman.E001",
            )
        ]
    return []


def check_secret_key(app_configs=None, **kwargs) -> list[CheckMessage]:
    from dragoman.settings import DEFAULT_SECRET_KEY

    key = settings.SECRET_KEY
    if key == DEFAULT_SECRET_KEY:
        problem = "the secret key is the default one, which everyone can read in the source"
    elif len(key) < 50 or len(set(key)) < 5:
        problem = "the secret key is too short or too simple (at least 50 characters, 5 different)"
    else:
        return []
    return [Error(problem, hint=SECRET_KEY_HINT, id="dragoman.E002")]


def check_https_proxy(app_configs=None, **kwargs) -> list[CheckMessage]:
    if not settings.HTTPS:
        return [
            Warning(
                "DRAGOMAN_HTTPS is off: cookies are not marked secure and browsers are not told to keep to HTTPS",
                hint="serve the site over HTTPS (a reverse proxy that terminates TLS) and set DRAGOMAN_HTTPS=true",
                id="dragoman.W002",
            )
        ]
    if not settings.TRUSTED_PROXY:
        return [
            Warning(
                "DRAGOMAN_HTTPS is on but no DRAGOMAN_TRUSTED_PROXY is named: `dragoman serve` cannot tell "
                "HTTPS requests from plain ones and would redirect every request",
                hint="set DRAGOMAN_TRUSTED_PROXY to the address of the reverse proxy that terminates TLS",
                id="dragoman.W001",
            )
        ]
    return []


def serving_errors() -> list[CheckMessage]:
    """What forbids serving on a public address: DEBUG on, a default or weak secret key."""
    return check_debug() + check_secret_key()
