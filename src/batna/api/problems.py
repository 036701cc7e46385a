"""Every error leaves the API as RFC 9457 ``application/problem+json``; none leaks a trace.

batna's own errors map through ``batna.problems`` (shared with the CLI); Litestar's HTTP
exceptions (404, 405, …) keep their status; anything unexpected becomes a 500 problem
whose ``instance`` is the request id (``X-Request-ID``), logged beside the traceback.
Problems raised after the API key was checked carry the key's ``RateLimit-*`` headers.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException

from batna.api.auth import current_rate_headers
from batna.api.telemetry import CLIENT_CLOSED, client_disconnected, request_id
from batna.errors import BatnaError, RateLimited
from batna.problems import PROBLEM_TYPES, Problem, problem_for
from batna.schemas.jsonout import ENCODER

__all__ = [
    "PROBLEM_JSON",
    "RETRY_AFTER",
    "catalogue",
    "handle_batna_error",
    "handle_http_error",
    "handle_unexpected",
    "internal_problem",
    "problem",
    "problem_bytes",
]

PROBLEM_JSON: Final = "application/problem+json"
RETRY_AFTER: Final = "5"  # seconds: a pool reconnect or a PostgreSQL restart
_BASE: Final = "https://batna.dev/problems/"
_LOG: Final = logging.getLogger("batna.api")
# Statuses only Litestar or the server raise, with no class in batna's error tree.
_OWN: Final = {
    400: ("bad-request", "Bad request", "BAD_REQUEST"),
    405: ("method-not-allowed", "Method not allowed", "METHOD_NOT_ALLOWED"),
    406: ("not-acceptable", "Not acceptable", "NOT_ACCEPTABLE"),
    414: ("uri-too-long", "Request target too long", "URI_TOO_LONG"),
    431: ("headers-too-large", "Request header fields too large", "HEADERS_TOO_LARGE"),
    CLIENT_CLOSED: ("client-closed-request", "Client closed request", "CLIENT_CLOSED_REQUEST"),
}
# The rest (401, 404, 413, 415, 429) come from the one table, batna.problems: the first
# row of each status, the general one.
_SLUGS: Final = {
    **{
        status: (slug, title, code)
        for _, slug, title, status, code in reversed(PROBLEM_TYPES)
        if status in (401, 404, 413, 415, 429)
    },
    **_OWN,
}


_OTHER: Final = ("error", "Error", "ERROR")  # a status no table names
_INTERNAL: Final = ("internal", "Internal error", "INTERNAL")


def _problem(status: int, detail: str) -> Problem:
    slug, title, code = _SLUGS.get(status, _OTHER)
    return Problem(type=_BASE + slug, title=title, status=status, detail=detail, error=code)


def catalogue() -> list[tuple[str, str]]:
    """Every (``type``, ``error``) pair a problem from the API can carry, for the contract."""
    rows = {(slug, code) for _, slug, _, _, code in PROBLEM_TYPES}
    rows |= {(slug, code) for slug, _, code in (*_SLUGS.values(), _OTHER, _INTERNAL)}
    return sorted((_BASE + slug, code) for slug, code in rows)


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    """A problem response for an HTTP-level status batna raises itself (413, 415 …)."""
    return _response(_problem(status, detail), headers)


def problem_bytes(status: int, detail: str) -> bytes:
    """The JSON of the same problem, for answers written below the app (``batna.api.server``)."""
    return ENCODER.encode(_problem(status, detail))


def _response(body: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        content=ENCODER.encode(body),
        status_code=body.status,
        media_type=PROBLEM_JSON,
        headers={**current_rate_headers(), **(headers or {})},
    )


def handle_batna_error(_request: Request[Any, Any, Any], exc: BatnaError) -> Response[bytes]:
    """Map batna's error tree to problems (422 validation, 400 malformed JSON, 404 …)."""
    body = problem_for(exc)
    if body.status == 503:
        cause = exc.__cause__
        # The type and the driver's first line only: never a statement or its parameters.
        # A driver's timeout has no text at all (TimeoutError()): its type says it.
        text = str(getattr(cause, "orig", None) or cause or exc)
        reason = next(iter(text.splitlines()), "")[:200]
        _LOG.warning("store unavailable: %s: %s", type(cause or exc).__name__, reason)
        return _response(body, {"Retry-After": RETRY_AFTER})
    if body.status >= 500:
        body = msgspec.structs.replace(body, instance=request_id())
        _LOG.error("server error %s", body.instance, exc_info=exc)
    if body.status == 401:
        return _response(body, {"WWW-Authenticate": 'Bearer realm="batna"'})
    if isinstance(exc, RateLimited):
        return _response(body, exc.headers)
    return _response(body)


def handle_http_error(_request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    """Litestar's own HTTP errors (unknown route, wrong method …) as problems."""
    status = exc.status_code
    if status >= 500:
        return handle_unexpected(_request, exc)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else "Request refused."
    headers = dict(exc.headers) if exc.headers else None
    return problem(status, detail, headers)


def handle_unexpected(_request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """A bug: log it, answer 500 with the request id as ``instance`` and no trace.

    Unless the client has gone: reading a body it stopped sending fails, which is its
    doing, not a bug. That is logged as a disconnect and answered (to no one) with 499.
    """
    if client_disconnected():
        _LOG.info("client disconnected before the response (%s)", type(exc).__name__)
        return problem(CLIENT_CLOSED, "The client closed the connection.")
    body = internal_problem(request_id())
    _LOG.error("unhandled error %s", body.instance, exc_info=exc)
    return _response(body)


def internal_problem(instance: str) -> Problem:
    """The 500 problem of a bug: ``instance`` is the request id, to quote to support."""
    slug, title, code = _INTERNAL
    return Problem(
        type=_BASE + slug,
        title=title,
        status=500,
        detail="The server could not complete this request.",
        error=code,
        instance=instance,
    )
