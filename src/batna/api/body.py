"""Reading request bodies: JSON only, bounded in size before a byte is parsed."""

from __future__ import annotations

from typing import Any

from litestar import Request

from batna.errors import TooLarge, UnsupportedMediaType

__all__ = ["check_charset", "read_json_body"]


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def check_charset(content_type: str) -> None:
    """Refuse a body declared in any charset but UTF-8 (batna reads every body as UTF-8).

    Raises:
        UnsupportedMediaType: A ``charset`` parameter names another encoding.
    """
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() != "charset":
            continue
        charset = value.strip().strip('"').strip()
        if charset.lower() != "utf-8":
            shown = charset if charset.isascii() and charset.isprintable() else repr(charset)
            msg = f"The body is declared as {shown[:40]}; send it as UTF-8 (charset=utf-8)."
            raise UnsupportedMediaType(msg)


async def read_json_body(request: Request[Any, Any, Any], limit: int) -> bytes:
    """The raw body, after checking its media type and size.

    Raises:
        UnsupportedMediaType: Content-Type is not JSON, or names a charset but UTF-8.
        TooLarge: The body is longer than ``limit`` bytes (checked while streaming,
            so a lying or absent Content-Length cannot get past it).
    """
    content_type = request.headers.get("content-type", "")
    if not _is_json(content_type):
        msg = "Send the body as application/json."
        raise UnsupportedMediaType(msg)
    check_charset(content_type)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        msg = f"The body is {declared} bytes; the limit is {limit}."
        raise TooLarge(msg)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            msg = f"The body is over the limit of {limit} bytes."
            raise TooLarge(msg)
        chunks.append(chunk)
    return b"".join(chunks)
