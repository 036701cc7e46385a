"""``/healthz`` (the process answers) and ``/readyz`` (the rules are compiled and loaded)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from batna.api.openapi import Doc
from batna.api.state import ENCODER, services
from batna.schemas.api import Health

__all__ = ["healthz", "readyz"]


@get(
    "/healthz",
    operation_id="healthz",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Liveness",
            tag="health",
            response=Health,
            description="200 while the process can answer.",
        )
    },
)
async def healthz() -> Response[bytes]:
    """Alive."""
    return Response(content=ENCODER.encode(Health(status="ok")), media_type="application/json")


@get(
    "/readyz",
    operation_id="readyz",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Readiness",
            tag="health",
            response=Health,
            description="200 once the rule bundle is compiled; names its revision.",
        )
    },
)
async def readyz(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Ready: the engine is compiled (create_app compiles it before serving)."""
    revision = services(request).engine.bundle.revision
    body = Health(status="ok", revision=revision)
    return Response(content=ENCODER.encode(body), media_type="application/json")
