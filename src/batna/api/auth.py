"""API keys: every ``/v1`` route needs ``Authorization: Bearer <key>``.

The key is checked before the body is read, so an unauthenticated caller costs one
indexed lookup and never reaches the engine.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from litestar import Request, Response

from batna.api.limits import Decision
from batna.api.state import services
from batna.errors import RateLimited, Unauthorized
from batna.schemas.records import Principal

__all__ = ["authenticate", "principal", "rate_headers"]

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
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send an API key: Authorization: Bearer <key>.")  # noqa: TRY301
        found = await svc.keys.authenticate(token.strip())
    except Unauthorized:
        address = request.client.host if request.client else "unknown"
        per_minute = settings.auth_failure_limit
        decision = await svc.limiter.take(f"fail:{address}", per_minute / 60, per_minute)
        if not decision.allowed:
            raise RateLimited(
                "Too many failed authentications from this address; wait before retrying.",
                decision.headers(),
            ) from None
        raise
    decision = await svc.limiter.take(
        f"key:{found.key_id}", settings.rate_limit, settings.rate_burst
    )
    if not decision.allowed:
        raise RateLimited("This API key is over its request rate.", decision.headers())
    request.state.principal = found
    _RATE.set(decision)


def rate_headers(response: Response[Any]) -> Response[Any]:
    """``after_request`` hook of the v1 router: tell the caller where its bucket stands."""
    decision = _RATE.get()
    if decision is not None:
        response.headers.update(decision.headers())
    return response


def principal(request: Request[Any, Any, Any]) -> Principal:
    """The tenant ``authenticate`` resolved for this request."""
    found: Principal = request.state.principal
    return found
