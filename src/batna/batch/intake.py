"""Turning an uploaded file into stored rows: read, validate, keep, 500 rows at a time.

Shared by ``POST /v1/batches`` (rows go to the store) and ``batna batch`` (rows go to
the process pool): the same reader, the same validation, the same problems.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final, TypeVar

from batna.batch.results import failed_line
from batna.errors import Issue, ValidationFailed
from batna.schemas.batches import BatchItemIn
from batna.schemas.jsonout import ENCODER
from batna.schemas.rows import Row
from batna.schemas.situation import with_gender

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from batna.engine import Engine
    from batna.schemas.situation import Situation

__all__ = ["CHUNK_ROWS", "batched", "chunks", "kept_for_evaluation", "parsed", "validate"]

_T = TypeVar("_T")

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


def parsed(engine: Engine, row: Row) -> Situation | ValidationFailed:
    """One row checked like a single evaluation's body: its situation, or every issue."""
    if row.text is not None:
        situation = engine.decode_valid(row.text)
        if situation is not None:
            return situation
        row = row.read()
    if row.document is None:
        return ValidationFailed(row.issues or [Issue(code="INVALID_ROW", path="", message="")])
    try:
        return engine.parse(row.document)
    except ValidationFailed as exc:
        return exc


def validate(engine: Engine, row: Row) -> BatchItemIn:
    """One row checked and kept: its situation to evaluate, or its problem (with paths)."""
    checked = parsed(engine, row)
    if isinstance(checked, ValidationFailed):
        return BatchItemIn(row=row.index, problem=failed_line(row.index, checked))
    return BatchItemIn(row=row.index, situation=kept_for_evaluation(checked))


def batched(items: Iterable[_T], size: int = CHUNK_ROWS) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read as they are needed."""
    rest = iter(items)
    while batch := list(itertools.islice(rest, size)):
        yield batch


def chunks(
    engine: Engine, rows: Iterator[Row], size: int = CHUNK_ROWS
) -> Iterator[list[BatchItemIn]]:
    """Validated rows in lists of ``size``."""
    return batched((validate(engine, row) for row in rows), size)
