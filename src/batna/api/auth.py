"""API keys: every ``/v1`` route needs ``Authorization: Bearer <key>``.

The key is checked before the body is read, so an unauthenticated caller costs one
indexed lookup and never reaches the engine.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from batna.api.state import services
from batna.errors import Unauthorized
from batna.schemas.records import Principal

__all__ = ["authenticate", "principal"]


async def authenticate(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook of the v1 router: resolve the caller's tenant or refuse (401)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an API key: Authorization: Bearer <key>.")
    request.state.principal = await services(request).keys.authenticate(token.strip())


def principal(request: Request[Any, Any, Any]) -> Principal:
    """The tenant ``authenticate`` resolved for this request."""
    found: Principal = request.state.principal
    return found
