"""The ceiling for bench/http.py: a trivial msgspec POST through Litestar, nothing else."""

from __future__ import annotations

import msgspec
from litestar import Litestar, post


class Echo(msgspec.Struct):
    """Any small JSON object with a name."""

    name: str
    value: int = 0


@post("/echo", status_code=200)
async def echo(data: Echo) -> Echo:
    """Decode, encode, return."""
    return data


app = Litestar(route_handlers=[echo], openapi_config=None)
