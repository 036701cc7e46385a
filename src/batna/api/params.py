"""Query parameters and headers, parsed by hand so a bad one is a 422 naming it.

Litestar's own parameter parsing answers 400 without the §4-style issue list; batna
reports ``/query/<name>`` and ``/headers/<name>`` pointers like every other field.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, NoReturn

from batna.errors import Issue, ValidationFailed

if TYPE_CHECKING:
    from collections.abc import Collection

    from litestar import Request

__all__ = ["choice", "flag", "idempotency_key", "integer", "matching", "timestamp"]

_KEY: Final = re.compile(r"[\x21-\x7e]{1,255}")


def _one(request: Request[Any, Any, Any], name: str) -> str | None:
    values = request.query_params.getall(name, [])
    if not values:
        return None
    if len(values) > 1:
        _refuse(name, f"Give {name} once.")
    return str(values[0])


def _refuse(name: str, message: str, *, where: str = "query") -> NoReturn:
    raise ValidationFailed(
        [Issue(code="INVALID_PARAMETER", path=f"/{where}/{name}", message=message)]
    )


def flag(request: Request[Any, Any, Any], name: str, *, default: bool) -> bool:
    """A ``true``/``false`` query parameter."""
    raw = _one(request, name)
    if raw is None:
        return default
    if raw not in ("true", "false"):
        _refuse(name, f"{name} must be true or false.")
    return raw == "true"


def integer(
    request: Request[Any, Any, Any], name: str, *, low: int, high: int, default: int
) -> int:
    """A whole number from ``low`` to ``high``."""
    raw = _one(request, name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
        _refuse(name, f"{name} must be one whole number from {low} to {high}.")
    return int(raw)


def choice(request: Request[Any, Any, Any], name: str, options: Collection[str]) -> str | None:
    """One of ``options``, or None when absent."""
    raw = _one(request, name)
    if raw is not None and raw not in options:
        _refuse(name, f"{name} must be one of: {', '.join(sorted(options))}.")
    return raw


def matching(
    request: Request[Any, Any, Any], name: str, pattern: re.Pattern[str], what: str
) -> str | None:
    """A value matching ``pattern`` in full, or None when absent."""
    raw = _one(request, name)
    if raw is not None and not pattern.fullmatch(raw):
        _refuse(name, f"{name} must be {what}.")
    return raw


def timestamp(request: Request[Any, Any, Any], name: str) -> datetime | None:
    """An RFC 3339 date-time with an offset (``2026-11-23T10:00:00Z``), or None."""
    raw = _one(request, name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in raw.upper():
        _refuse(name, f"{name} must be an RFC 3339 date-time with an offset (…T10:00:00Z).")
    return moment


def idempotency_key(request: Request[Any, Any, Any]) -> str | None:
    """The ``Idempotency-Key`` header: 1 to 255 visible ASCII characters, or None."""
    raw = request.headers.get("idempotency-key")
    if raw is not None and not _KEY.fullmatch(raw):
        _refuse(
            "Idempotency-Key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID works well).",
            where="headers",
        )
    return raw
