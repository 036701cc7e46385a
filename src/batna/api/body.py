"""Reading request bodies: JSON only, bounded in size before a byte is parsed."""

from __future__ import annotations

from typing import Any

from litestar import Request

__all__ = ["BodyTooLarge", "UnsupportedMediaType", "read_json_body"]


class BodyTooLarge(Exception):
    """The body is over the configured limit (HTTP 413)."""


class UnsupportedMediaType(Exception):
    """The body is not declared as JSON (HTTP 415)."""


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def read_json_body(request: Request[Any, Any, Any], limit: int) -> bytes:
    """The raw body, after checking its media type and size.

    Raises:
        UnsupportedMediaType: Content-Type is not JSON.
        BodyTooLarge: The body is longer than ``limit`` bytes (checked while streaming,
            so a lying or absent Content-Length cannot get past it).
    """
    if not _is_json(request.headers.get("content-type", "")):
        msg = "Send the body as application/json."
        raise UnsupportedMediaType(msg)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        msg = f"The body is {declared} bytes; the limit is {limit}."
        raise BodyTooLarge(msg)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            msg = f"The body is over the limit of {limit} bytes."
            raise BodyTooLarge(msg)
        chunks.append(chunk)
    return b"".join(chunks)
