"""What the API keeps of an evaluation: the record, and the hash an idempotent retry must match.

Gender is never kept (docs/rules.md §3): the situation is stored, and hashed, without it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from batna.schemas.evaluation import Evaluation
from batna.schemas.jsonout import ENCODER
from batna.schemas.records import NewRecord
from batna.schemas.situation import Situation, with_gender

__all__ = ["kept_situation", "new_record", "request_hash"]


def kept_situation(situation: Situation) -> bytes:
    """The situation as the store may keep it: canonical JSON, gender removed."""
    return ENCODER.encode(with_gender(situation, None))


def new_record(
    situation: Situation, evaluation: Evaluation, body: bytes, *, store_situation: bool
) -> NewRecord:
    """The record of one answered evaluation (``evaluation.id`` is the record's id)."""
    kept = kept_situation(situation)
    if evaluation.id is None:
        raise ValueError("an evaluation is recorded under the id it was answered with")
    return NewRecord(
        id=evaluation.id,
        created_at=datetime.now(UTC),
        situation=kept if store_situation else None,
        situation_sha256=hashlib.sha256(kept).hexdigest(),
        evaluation=body,
        overall_recommendation=evaluation.overall_recommendation,
        scores=evaluation.scores,
        fired_rule_ids=[rule.id for rule in evaluation.fired_rules],
        ruleset=evaluation.ruleset,
    )


def request_hash(body: bytes, **options: bool | str) -> str:
    """SHA-256 of a request: its exact body and the query options that change the answer.

    An option that was not sent is left out (not hashed as a default), so adding one to
    the API leaves the hashes of earlier requests as they were.
    """
    digest = hashlib.sha256(body)
    for name, value in sorted(options.items()):
        digest.update(f"\n{name}={value}".encode())
    return digest.hexdigest()
