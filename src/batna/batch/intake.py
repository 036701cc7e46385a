"""Turning an uploaded file into stored rows: read, validate, keep, 500 rows at a time.

Shared by ``POST /v1/batches`` (rows go to the store) and ``batna batch`` (rows go to
the process pool): the same reader, the same validation, the same problems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from batna.batch.results import failed_line
from batna.errors import Issue, ValidationFailed
from batna.schemas.batches import BatchItemIn
from batna.schemas.jsonout import ENCODER
from batna.schemas.rows import Row
from batna.schemas.situation import with_gender

if TYPE_CHECKING:
    from collections.abc import Iterator

    from batna.engine import Engine
    from batna.schemas.situation import Situation

__all__ = ["CHUNK_ROWS", "chunks", "kept_for_evaluation", "validate"]

CHUNK_ROWS: Final = 500
_WITHHELD: Final = "prefer_not_to_say"  # a gender was sent without consent (DATA-003)


def kept_for_evaluation(situation: Situation) -> bytes:
    """A situation as held until its row is evaluated: gender only if the person opted in.

    A gender sent without consent is not held, but that one was sent is: its value becomes
    ``prefer_not_to_say``, which the engine discards like any gender without consent while
    giving the row the DATA-003 notice a single evaluation of the same row gives.
    """
    person = situation.person
    if person.gender is not None and not person.gender_opt_in:
        situation = with_gender(situation, _WITHHELD)
    return ENCODER.encode(situation)


def validate(engine: Engine, row: Row) -> BatchItemIn:
    """One row checked like a single evaluation's body (every issue, with its path)."""
    if row.document is None:
        unreadable = ValidationFailed(
            row.issues or [Issue(code="INVALID_ROW", path="", message="")]
        )
        return BatchItemIn(row=row.index, problem=failed_line(row.index, unreadable))
    try:
        situation = engine.parse(row.document)
    except ValidationFailed as exc:
        return BatchItemIn(row=row.index, problem=failed_line(row.index, exc))
    return BatchItemIn(row=row.index, situation=kept_for_evaluation(situation))


def chunks(
    engine: Engine, rows: Iterator[Row], size: int = CHUNK_ROWS
) -> Iterator[list[BatchItemIn]]:
    """Validated rows in lists of ``size``."""
    batch: list[BatchItemIn] = []
    for row in rows:
        batch.append(validate(engine, row))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
