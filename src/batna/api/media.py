"""Content negotiation: which of the media types an operation can answer the caller prefers.

RFC 9110 §12.5.1: each offered type takes the quality of the most specific range in
``Accept`` that matches it (``text/markdown`` before ``text/*`` before ``*/*``); a range
with ``q=0`` (or an unreadable ``q``) refuses. The highest quality wins, a type named
outright beats one reached by a wildcard at the same quality, and otherwise the first
offered type (the default: JSON) is the answer, also when nothing offered is acceptable.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["preferred"]


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """``(type, subtype, q)`` of each media range in an ``Accept`` value."""
    found: list[tuple[str, str, float]] = []
    for item in accept.split(","):
        media, *params = item.split(";")
        maintype, slash, subtype = media.strip().lower().partition("/")
        if not slash or not maintype or not subtype:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
                if not 0.0 <= quality <= 1.0:  # also NaN
                    quality = 0.0
        found.append((maintype, subtype, quality))
    return found


def _match(offered: str, ranges: list[tuple[str, str, float]]) -> tuple[float, int]:
    """The quality and specificity (2 exact, 1 ``type/*``, 0 ``*/*``) of ``offered``."""
    maintype, _, subtype = offered.lower().partition("/")
    best: tuple[int, float] | None = None
    for range_type, range_subtype, quality in ranges:
        if (range_type, range_subtype) == (maintype, subtype):
            specificity = 2
        elif (range_type, range_subtype) == (maintype, "*"):
            specificity = 1
        elif (range_type, range_subtype) == ("*", "*"):
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    if best is None:
        return 0.0, 0
    return best[1], best[0]


def preferred(accept: str | None, offered: Sequence[str]) -> str:
    """The type in ``offered`` the ``Accept`` value prefers (``offered[0]`` by default)."""
    if not accept:
        return offered[0]
    ranges = _ranges(accept)
    choice, best = offered[0], (0.0, -1)
    for media in offered:
        quality, specificity = _match(media, ranges)
        if quality > 0 and (quality, specificity) > best:
            choice, best = media, (quality, specificity)
    return choice
