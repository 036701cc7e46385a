"""RFC 9457 problem details for batna's errors, shared by the CLI and the HTTP API.

One table maps each error class to its ``type`` URI, title and status, so the CLI's
output for a rejected situation is byte-for-byte the body the API returns.
"""

from __future__ import annotations

import uuid
from typing import Final

import msgspec

from batna.errors import (
    BatnaError,
    EngineError,
    IdempotencyKeyReused,
    InputError,
    Issue,
    MalformedJSON,
    NotFound,
    RateLimited,
    RequestTimedOut,
    RuleSyntaxError,
    StoreUnavailable,
    TooLarge,
    Unauthorized,
    UnknownRuleset,
    UnsupportedMediaType,
    ValidationFailed,
)

__all__ = ["PROBLEM_TYPES", "Problem", "problem_for"]

_BASE: Final = "https://batna.dev/problems/"


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document.

    Attributes:
        type: URI naming the kind of problem.
        title: Short summary of the kind.
        status: HTTP status code.
        detail: What went wrong this time.
        error: Stable machine-readable code (``VALIDATION_FAILED`` …).
        details: Every validation issue, sorted by path then code.
        instance: An id for this occurrence (server errors), to quote to support.
    """

    type: str
    title: str
    status: int
    detail: str
    error: str
    details: list[Issue] = []
    instance: str | None = None


# class → (slug, title, status, error code); the first matching class wins.
PROBLEM_TYPES: Final[tuple[tuple[type[BatnaError], str, str, int, str], ...]] = (
    (ValidationFailed, "validation-failed", "The situation is not valid", 422, "VALIDATION_FAILED"),
    (
        IdempotencyKeyReused,
        "idempotency-key-reused",
        "The Idempotency-Key was used with another request",
        422,
        "IDEMPOTENCY_KEY_REUSED",
    ),
    (MalformedJSON, "malformed-json", "The body is not valid JSON", 400, "MALFORMED_JSON"),
    (TooLarge, "too-large", "Request too large", 413, "TOO_LARGE"),
    (
        UnsupportedMediaType,
        "unsupported-media-type",
        "Unsupported media type",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    (Unauthorized, "unauthorized", "Authentication required", 401, "UNAUTHORIZED"),
    (NotFound, "not-found", "Not found", 404, "NOT_FOUND"),
    (RateLimited, "rate-limited", "Too many requests", 429, "RATE_LIMITED"),
    (UnknownRuleset, "unknown-ruleset", "No such ruleset is loaded", 422, "UNKNOWN_RULESET"),
    (
        StoreUnavailable,
        "store-unavailable",
        "The audit store is unavailable",
        503,
        "STORE_UNAVAILABLE",
    ),
    (RequestTimedOut, "timeout", "Request timed out", 503, "TIMEOUT"),
    (InputError, "bad-input", "The input cannot be evaluated", 400, "BAD_INPUT"),
    (RuleSyntaxError, "rule-syntax", "The rule bundle is invalid", 500, "RULE_SYNTAX"),
    (EngineError, "engine-error", "The rules engine failed", 500, "ENGINE_ERROR"),
    (BatnaError, "internal", "Internal error", 500, "INTERNAL"),
)


def problem_for(error: BatnaError) -> Problem:
    """The problem document for ``error``; server-side errors get an id, never a trace."""
    _, slug, title, status, code = next(t for t in PROBLEM_TYPES if isinstance(error, t[0]))
    details = (
        error.issues if isinstance(error, (ValidationFailed, MalformedJSON, UnknownRuleset)) else []
    )
    if status >= 500 and status != 503:
        return Problem(
            type=_BASE + slug,
            title=title,
            status=status,
            error=code,
            detail="The server could not evaluate this request.",
            instance=f"urn:uuid:{uuid.uuid4()}",
        )
    return Problem(
        type=_BASE + slug,
        title=title,
        status=status,
        detail=str(error),
        error=code,
        details=details,
    )
