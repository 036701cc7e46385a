"""Query parameters and headers, parsed by hand so a bad one is a 422 naming it.

Litestar's own parameter parsing answers 400 without the §4-style issue list; batna
reports ``/query/<name>`` and ``/headers/<name>`` pointers like every other field.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final, NoReturn

from batna.errors import Issue, ValidationFailed

if TYPE_CHECKING:
    from collections.abc import Collection

    from litestar import Request

__all__ = [
    "choice",
    "cursor",
    "flag",
    "idempotency_key",
    "integer",
    "matching",
    "text",
    "timestamp",
]

_KEY: Final = re.compile(r"[\x21-\x7e]{1,255}")
# RFC 3339 §5.6 date-time: T and Z in either case, an optional fraction, a leap second.
_RFC3339: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:[Zz]|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)
_EARLIEST: Final = datetime.min.replace(tzinfo=UTC)
_LATEST: Final = datetime.max.replace(tzinfo=UTC)


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
    request: Request[Any, Any, Any],
    name: str,
    *,
    low: int,
    high: int,
    default: int,
    clamp: bool = False,
) -> int:
    """A whole number from ``low`` to ``high``; with ``clamp``, a larger one means ``high``."""
    raw = _one(request, name)
    if raw is None:
        return default
    digits = (raw.lstrip("0") or "0") if raw.isascii() and raw.isdigit() else ""
    # Past high without parsing it: int() refuses more than 4,300 digits (a 500 before).
    value = int(digits) if 0 < len(digits) <= len(str(high)) else high + 1
    if not digits or value < low or (value > high and not clamp):
        bounds = f"of at least {low}" if clamp else f"from {low} to {high}"
        _refuse(name, f"{name} must be one whole number {bounds}.")
    return min(value, high)


def text(request: Request[Any, Any, Any], name: str) -> str | None:
    """Any text, or None when absent."""
    return _one(request, name)


def cursor(request: Request[Any, Any, Any], name: str = "cursor") -> str | None:
    """Where a newest-first listing resumes: items whose id sorts before it; None = the start.

    Any text is a position (the contract says string), so a cursor is never refused: a
    ``next_cursor`` is an id, and ids sort in creation order. Text from its first NUL on is
    dropped, which PostgreSQL cannot bind; no id holds a NUL, so the ids before it stay
    the same.
    """
    raw = _one(request, name)
    return None if raw is None else (raw.split("\x00", 1)[0] or None)


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
    """An RFC 3339 date-time (``2026-11-23T10:00:00Z``) as a UTC instant, or None.

    All of RFC 3339 is taken, as the contract's ``format: date-time`` promises: lower-case
    ``t`` and ``z``, a leap second (23:59:60Z, read as the next second), year 0000. An instant that
    Python cannot hold in UTC (year 1 with a positive offset) is clamped to the earliest or
    latest one, which selects the same records; it was a 500 before.
    """
    raw = _one(request, name)
    if raw is None:
        return None
    found = _RFC3339.fullmatch(raw)
    moment = _instant(found) if found else None
    if moment is None:
        _refuse(name, f"{name} must be an RFC 3339 date-time with an offset (…T10:00:00Z).")
    return moment


def _instant(found: re.Match[str]) -> datetime | None:
    """The UTC instant of a parsed RFC 3339 date-time, or None for an impossible one."""
    year, month, day, hour, minute, second = (int(found[i]) for i in range(1, 7))
    micro = int((found[7] or "0")[:6].ljust(6, "0"))
    sign, off_hours, off_minutes = found[8], int(found[9] or 0), int(found[10] or 0)
    if second > 60 or off_hours > 23 or off_minutes > 59:
        return None
    offset = timedelta(hours=off_hours, minutes=off_minutes) * (-1 if sign == "-" else 1)
    try:
        # Year 0000 is a leap year like 2000: check its day there, then clamp.
        local = datetime(
            year or 2000, month, day, hour, minute, min(second, 59), micro, tzinfo=timezone(offset)
        )
    except ValueError:
        return None
    if year == 0:
        return _EARLIEST
    try:
        moment = local.astimezone(UTC)
    except OverflowError:
        return _EARLIEST if offset > timedelta(0) else _LATEST
    if second == 60:  # a leap second ends a UTC day (23:59:60Z)
        if (moment.hour, moment.minute) != (23, 59):
            return None
        return moment + timedelta(seconds=1) if moment < _LATEST - timedelta(seconds=1) else _LATEST
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
