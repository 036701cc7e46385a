"""API keys: every ``/v1`` route needs ``Authorization: Bearer <key>``.

The key is checked before the body is read, so an unauthenticated caller costs one
indexed lookup and never reaches the engine.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Final

from litestar import Request, Response

from batna.api.limits import Decision
from batna.api.state import services
from batna.errors import RateLimited, Unauthorized
from batna.schemas.records import Principal

__all__ = ["authenticate", "current_rate_headers", "principal", "rate_headers"]

# A route handler's ``opt`` flag: its store confirms a cached key (see KeyStore).
_CONFIRMS: Final = "store_confirms_key"
# The hooks of one request run in one task: the draw made before it is read after it.
_RATE: ContextVar[Decision | None] = ContextVar("batna_rate", default=None)


async def authenticate(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook of the v1 router: resolve the tenant and draw from its bucket.

    Raises:
        Unauthorized: No key, or a bad one (401).
        RateLimited: The key is over its rate, or this address failed too often (429).
    """
    svc = services(request)
    settings = svc.settings
    _RATE.set(None)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send an API key: Authorization: Bearer <key>.")  # noqa: TRY301
        keys = svc.keys
        # A route whose store confirms the key in its own transaction takes it from
        # the cache (POST /v1/evaluations: no database round trip before the work).
        confirms = request.route_handler.opt.get(_CONFIRMS, False)
        lookup = keys.authenticate_cached if confirms else keys.authenticate
        found = await lookup(token.strip())
    except Unauthorized:
        address = request.client.host if request.client else "unknown"
        per_minute = settings.auth_failure_limit
        decision = await svc.limiter.take(f"fail:{address}", per_minute / 60, per_minute)
        if not decision.allowed:
            raise RateLimited(
                "Too many failed authentications from this address; wait before retrying.",
                decision.headers(),
            ) from None
        _RATE.set(decision)  # the 401 says how many failed attempts this address has left
        raise
    decision = await svc.limiter.take(
        f"key:{found.key_id}", settings.rate_limit, settings.rate_burst
    )
    if not decision.allowed:
        raise RateLimited("This API key is over its request rate.", decision.headers())
    request.state.principal = found
    _RATE.set(decision)


def current_rate_headers() -> dict[str, str]:
    """``RateLimit-*`` of this request's draw (none before one was made).

    Problems raised after ``authenticate`` (422, 404 …) carry them too, as the contract
    declares: ``after_request`` does not run on an exception's response.
    """
    decision = _RATE.get()
    return decision.headers() if decision is not None else {}


async def rate_headers(response: Response[Any]) -> Response[Any]:
    """``after_request`` hook of the v1 router: tell the caller where its bucket stands.

    A coroutine on purpose: Litestar runs a plain function hook in a worker thread, a
    hand-over there and back on every request.
    """
    response.headers.update(current_rate_headers())
    return response


def principal(request: Request[Any, Any, Any]) -> Principal:
    """The tenant ``authenticate`` resolved for this request."""
    found: Principal = request.state.principal
    return found
