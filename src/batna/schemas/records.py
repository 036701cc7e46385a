"""What the audit store keeps and gives back: evaluation records, list pages, tenants.

These Structs cross the store boundary (the API encodes them; SQLAlchemy never leaves
``batna.store``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from batna.schemas.evaluation import Evaluation, Recommendation, RulesetRef, Scores
from batna.schemas.situation import Situation

__all__ = [
    "EvaluationPage",
    "EvaluationQuery",
    "EvaluationRecord",
    "EvaluationSummary",
    "NewRecord",
    "Principal",
    "Stored",
]

Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Who is calling: the tenant an API key belongs to.

    Attributes:
        tenant_id: The tenant's id; every record is scoped by it.
        tenant: The tenant's name.
        key_id: The public id of the key used (never the secret).
        ruleset: The tenant's default ruleset (``name@version``), read with the key; None
            means the server's default.
        confirmed: False when the key came from this process's cache rather than the
            database: the store then confirms it is unrevoked in the transaction that
            writes the request's record, so a revoked key still stops at once.
    """

    tenant_id: str
    tenant: str
    key_id: str
    ruleset: str | None = None
    confirmed: bool = True


class NewRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One evaluation to record (built by the API, written by the store).

    Attributes:
        id: Time-ordered id (UUIDv7), chosen before the evaluation is encoded.
        created_at: When it was evaluated (UTC).
        situation: The situation as kept (gender removed), or None when not stored.
        situation_sha256: SHA-256 of the kept form of the situation.
        evaluation: The evaluation as answered (JSON), kept verbatim.
        overall_recommendation: Copied out for filtering.
        scores: Copied out for reporting.
        fired_rule_ids: Ids of the rules that fired, for the ``rule`` filter.
        ruleset: Name, version and revision of the rules applied.
    """

    id: str
    created_at: datetime
    situation: bytes | None
    situation_sha256: str
    evaluation: bytes
    overall_recommendation: Recommendation
    scores: Scores
    fired_rule_ids: list[str]
    ruleset: RulesetRef


class Stored(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of recording: the record's id and its evaluation as first answered.

    Attributes:
        id: The record's id.
        evaluation: The evaluation JSON as first answered (a replay returns the same bytes).
        replayed: True when an earlier request with the same Idempotency-Key made it.
    """

    id: str
    evaluation: bytes
    replayed: bool = False


class EvaluationRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One stored evaluation, as an auditor reads it back.

    Attributes:
        id: Time-ordered id (UUIDv7).
        created_at: When it was evaluated (UTC, RFC 3339).
        ruleset: Name, version and revision of the rules applied (explains the result).
        situation_stored: False when the caller opted out (``store_situation=false``).
        situation_sha256: SHA-256 of the situation as kept (canonical JSON, gender removed).
        situation: The situation as kept (gender is never stored), or null.
        evaluation: The evaluation exactly as it was answered.
    """

    id: str
    created_at: datetime
    ruleset: RulesetRef
    situation_stored: bool
    situation_sha256: Sha256
    situation: Situation | None
    evaluation: Evaluation


class EvaluationSummary(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a listing.

    Attributes:
        id: Time-ordered id (UUIDv7).
        created_at: When it was evaluated (UTC, RFC 3339).
        ruleset: Name, version and revision of the rules applied.
        overall_recommendation: The overall recommendation given.
        scores: The three scores given.
        fired_rules: Ids of the rules that fired.
        situation_stored: False when the caller opted out of storing the situation.
    """

    id: str
    created_at: datetime
    ruleset: RulesetRef
    overall_recommendation: Recommendation
    scores: Scores
    fired_rules: list[str]
    situation_stored: bool


class EvaluationPage(msgspec.Struct, frozen=True, kw_only=True):
    """A page of stored evaluations, newest first.

    Attributes:
        items: Up to ``limit`` evaluations.
        next_cursor: Pass as ``cursor`` for the next page; null on the last page.
    """

    items: list[EvaluationSummary]
    next_cursor: str | None


class EvaluationQuery(msgspec.Struct, frozen=True, kw_only=True):
    """Filters of a listing (already validated).

    Attributes:
        limit: Most items on the page.
        before_id: Only records older than this id (from the cursor).
        recommendation: Only this overall recommendation.
        rule: Only records where this rule fired.
        created_after: Only records created at or after this time.
        created_before: Only records created before this time.
    """

    limit: int = 50
    before_id: str | None = None
    recommendation: Recommendation | None = None
    rule: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
