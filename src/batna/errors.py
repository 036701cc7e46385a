"""The error tree every stage raises; no HTTP in it (the API maps classes to problems).

BatnaError
├── InputError            the caller sent something we cannot evaluate
│   ├── ValidationFailed  a situation broke the schema or §4 checks (all issues listed)
│   ├── MalformedJSON     the text is not JSON at all (issues locate it when they can)
│   ├── IdempotencyKeyReused  the key was used before with a different body
│   ├── TooLarge          a body, an upload or a file is over its size limit
│   ├── UnsupportedMediaType  a body is not in a media type or charset batna reads
│   └── UnknownRuleset    a ruleset (``name`` or ``name@version``) that is not loaded
├── Unauthorized          no API key, or one that is unknown or revoked
├── RateLimited           the key (or the address, after failed logins) is over its rate
├── NotFound              no such record for this tenant (another tenant's id included)
├── RuleSyntaxError       a rule file is malformed (file, rule id and field named)
├── EngineError           durable-rules failed while evaluating
├── StoreUnavailable      the database cannot be reached now (retry later)
├── RequestTimedOut       a request's response did not begin within BATNA_REQUEST_TIMEOUT
├── SchemaOutOfDate       the database is not migrated to this release's schema
└── ConfigurationError    a setting is missing or unusable (BATNA_KEY_PEPPER …)
"""

from __future__ import annotations

import msgspec

__all__ = [
    "BatnaError",
    "ConfigurationError",
    "EngineError",
    "IdempotencyKeyReused",
    "InputError",
    "Issue",
    "MalformedJSON",
    "NotFound",
    "RateLimited",
    "RequestTimedOut",
    "RuleSyntaxError",
    "SchemaOutOfDate",
    "StoreUnavailable",
    "TooLarge",
    "Unauthorized",
    "UnknownRuleset",
    "UnsupportedMediaType",
    "ValidationFailed",
]


class Issue(msgspec.Struct, frozen=True, kw_only=True):
    """One validation issue.

    Attributes:
        code: Stable machine-readable code from docs/rules.md §4 (e.g. ``RANGE_INVERTED``).
        path: JSON pointer to the offending field (e.g. ``/ask/proposed_range_low``).
        message: A sentence for a person.
    """

    code: str
    path: str
    message: str


class BatnaError(Exception):
    """Base class of every error batna raises on purpose."""


class InputError(BatnaError):
    """The input cannot be evaluated as sent."""


class ValidationFailed(InputError):
    """A situation failed validation; ``issues`` lists every problem, sorted by path and code."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.path, i.code))
        super().__init__(
            f"{len(self.issues)} validation issue(s): "
            + "; ".join(f"{i.code} at {i.path or '/'}" for i in self.issues)
        )


class RuleSyntaxError(BatnaError):
    """A rule file is malformed; the message names the file, the rule id and the field."""

    def __init__(
        self, file: str, message: str, *, rule_id: str | None = None, field: str | None = None
    ) -> None:
        self.file = file
        self.rule_id = rule_id
        self.field = field
        where = file
        if rule_id:
            where += f", rule {rule_id}"
        if field:
            where += f", field {field}"
        super().__init__(f"{where}: {message}")


class EngineError(BatnaError):
    """durable-rules failed while evaluating a situation."""


class IdempotencyKeyReused(InputError):
    """An ``Idempotency-Key`` came back with a different request than its first use."""


class MalformedJSON(InputError):
    """The body is not JSON at all (HTTP 400, not 422); ``issues`` locate it when they can."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        self.issues = issues or []
        super().__init__(message)


class TooLarge(InputError):
    """A body, an upload or a file is over its limit; refused before it is read in full."""


class UnsupportedMediaType(InputError):
    """A body is not declared in a media type (or charset) batna reads (HTTP 415)."""


class UnknownRuleset(InputError):
    """A ruleset reference names no loaded version; ``loaded`` lists those that are.

    ``path`` says where the reference came from (``/query/ruleset``, ``/candidate``), so the
    problem names the parameter or field; it is empty when the caller has not said.
    """

    def __init__(self, ref: str, loaded: list[str], path: str = "") -> None:
        self.ref = ref
        self.loaded = loaded
        self.path = path
        super().__init__(f"No ruleset {ref!r} is loaded; loaded: {', '.join(loaded)}.")

    def at(self, path: str) -> UnknownRuleset:
        """The same error, located at ``path`` (a JSON pointer, ``/query/<name>`` for a query)."""
        return UnknownRuleset(self.ref, self.loaded, path)

    @property
    def issues(self) -> list[Issue]:
        """The one issue, at ``path``, for the problem's ``details``."""
        return [Issue(code="UNKNOWN_RULESET", path=self.path, message=str(self))]


class Unauthorized(BatnaError):
    """The request carries no valid API key."""


class NotFound(BatnaError):
    """No such record for this tenant; another tenant's records do not exist for it."""


class StoreUnavailable(BatnaError):
    """The database did not answer in time; nothing was stored, the caller may retry."""


class RequestTimedOut(BatnaError):
    """A request's response did not begin within ``BATNA_REQUEST_TIMEOUT`` (HTTP 503)."""


class SchemaOutOfDate(BatnaError):
    """The database's schema revision is not the one this release was built for."""


class ConfigurationError(BatnaError):
    """A setting is missing or unusable; the message names it and says how to fix it."""


class RateLimited(BatnaError):
    """Too many requests; ``headers`` say when to come back (``Retry-After``, ``RateLimit-*``)."""

    def __init__(self, message: str, headers: dict[str, str]) -> None:
        self.headers = headers
        super().__init__(message)
