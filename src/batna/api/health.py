"""``/healthz`` (the process answers) and ``/readyz`` (the rules are compiled and loaded)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from batna.api.openapi import Doc
from batna.api.state import services
from batna.errors import StoreUnavailable
from batna.schemas.api import Health
from batna.schemas.jsonout import ENCODER
from batna.store import migrate

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
            description="200 once the rule bundle is compiled and the database answers at "
            "this release's schema revision; 503 (a problem) otherwise.",
            errors=(503,),
        )
    },
)
async def readyz(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Ready: rules compiled (create_app does that first) and the store answering, migrated."""
    svc = services(request)
    found = await svc.database.ping()
    if found != migrate.head():
        raise StoreUnavailable(
            f"The database is at schema revision {found or 'none'}, not {migrate.head()}; "
            "run `batna db upgrade`."
        )
    body = Health(status="ok", revision=svc.rulesets.default.ref.revision)
    return Response(content=ENCODER.encode(body), media_type="application/json")
