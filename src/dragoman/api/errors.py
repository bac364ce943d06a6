"""Every error of the API is one JSON object: ``{"code": ..., "message": ..., "field": ...}`` (``field`` null
when no one field is at fault; a request with several bad fields also gets ``errors``, one object each).

Codes: ``invalid`` (400, a field's value), ``not_found`` (404), ``unauthorized`` (401, no or a bad token),
``forbidden`` (403, the user lacks the permission), ``read_only_token`` (403), ``csrf`` (403, a session
request without its CSRF token), ``conflict`` (409, the request cannot be done in the row's state),
``throttled`` (429, with Retry-After).
"""

from __future__ import annotations

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None, *, retry_after: int = 0):
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.retry_after = status, code, message, field, retry_after

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


def invalid(field: str, message: str) -> ApiError:
    """A 400 about ``field``; its message names the field first."""
    return ApiError(400, "invalid", message if message.startswith(f"{field}") else f"{field}: {message}", field)


def conflict(message: str, field: str | None = None) -> ApiError:
    return ApiError(409, "conflict", message, field)


def not_found(what: str, pk) -> ApiError:
    return ApiError(404, "not_found", f"no {what} {pk}")


def _field(location: list) -> str:
    """The field a validation error is about, from its location: ``["body", "payload", "poll_minutes"]`` ->
    ``poll_minutes``, ``["query", "state"]`` -> ``state``, ``["body", "payload", "blocks", 2]`` -> ``blocks.2``."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def _problem(error: dict) -> dict:
    if "loc" not in error and len(error) == 1:  # {"cursor": "Invalid Cursor"}: ninja's pagination says it so
        (field, message), = error.items()
        return {"code": "invalid", "field": field, "message": f"{field}: {str(message).lower()}"}
    field = _field(error.get("loc", []))
    message = error.get("msg", "invalid value")
    if error.get("type") == "extra_forbidden":
        message = "is not a field of this request"
    elif error.get("type") == "missing":
        message = "is required"
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return {"code": "invalid", "field": field, "message": f"{field}: {message}"}


def install(api) -> None:
    """Answer every error of ``api`` in the one shape."""

    def respond(request, error: ApiError):
        response = api.create_response(request, error.body(), status=error.status)
        if error.retry_after:
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return respond(request, exc)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        problems = [_problem(error) for error in exc.errors]
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        body = {"code": "invalid", "message": first["message"], "field": first["field"]}
        if len(problems) > 1:
            body["errors"] = problems
        return api.create_response(request, body, status=400)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return respond(request, ApiError(401, "unauthorized", "sign the request with a token (Authorization: Bearer "
                                                              "TOKEN) or a signed-in session"))  # fmt: skip

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in exc.message:
            return respond(request, ApiError(403, "csrf", "a request signed by a session needs its CSRF token "
                                                          "(X-CSRFToken header); a token request does not"))  # fmt: skip
        codes = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 409: "conflict", 429: "throttled"}  # fmt: skip
        return respond(request, ApiError(exc.status_code, codes.get(exc.status_code, "error"), exc.message))

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return respond(request, ApiError(404, "not_found", str(exc) or "not found"))
