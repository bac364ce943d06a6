"""The API object: its routers, who may call it, its errors, its schema (/api/v1/schema) and browsable docs
(/api/v1/docs, Swagger UI served from this site's own static files)."""

from __future__ import annotations

from functools import wraps

from ninja import NinjaAPI

from dragoman import __version__
from dragoman.api import errors, glossary, reading, reports, rules, sources, translations
from dragoman.api.auth import SessionCookieAuth, TokenAuth

#: The docs page runs Swagger UI's own scripts (from this site); everything else stays as strict as the site.
DOCS_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _docs_policy(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapped


api = NinjaAPI(
    title="Dragoman API",
    version=__version__,
    description="Sources, entries, articles, translations and their review, the glossary, rules, budgets, status "
                "and costs. Sign requests with a token: `Authorization: Bearer TOKEN` (dragoman tokens create). "
                "Every error is {code, message, field}.",
    openapi_url="/schema",
    docs_url="/docs",
    docs_decorator=_docs_policy,
    urls_namespace="api",
    auth=[TokenAuth(), SessionCookieAuth()],
)  # fmt: skip
errors.install(api)
for module in (sources, reading, translations, glossary, rules, reports):
    api.add_router("", module.router)
