"""Batch jobs: what an upload becomes, what a worker writes, what a client polls."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

from batna.schemas.evaluation import Recommendation

__all__ = [
    "BatchCounts",
    "BatchItemIn",
    "BatchItemResult",
    "BatchPage",
    "BatchReport",
    "BatchState",
    "BatchStatus",
    "Claim",
    "RuleTally",
]

BatchState = Literal["receiving", "queued", "running", "done", "failed"]


class BatchItemIn(msgspec.Struct, frozen=True, kw_only=True):
    """One row as received: valid (its situation, to evaluate) or invalid (its problem).

    Attributes:
        row: 0-based position in the upload.
        situation: The validated situation JSON, held until evaluated; None if invalid.
        problem: The row's problem JSON when it failed validation.
    """

    row: int
    situation: bytes | None = None
    problem: bytes | None = None


class BatchItemResult(msgspec.Struct, frozen=True, kw_only=True):
    """One evaluated row, as a worker writes it.

    Attributes:
        row: 0-based position in the upload.
        result: The result line's JSON.
        overall_recommendation: Copied out for the report.
        leverage_strength: Score, for the report.
        relationship_risk: Score, for the report.
        readiness: Score, for the report.
        fired_rules: Ids of the rules that fired.
    """

    row: int
    result: bytes
    overall_recommendation: Recommendation
    leverage_strength: int
    relationship_risk: int
    readiness: int
    fired_rules: list[str]


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """A chunk a worker holds until ``lease_until``.

    Attributes:
        batch_id: The batch.
        chunk: The chunk's number.
        lease_until: When another worker may take it over.
        today: The batch's creation date (UTC): the date rows without ``as_of_date`` are
            evaluated at, so a re-run after a crash gives the same results.
        ruleset: The ``name@version`` the batch runs with (None: the worker's default).
    """

    batch_id: str
    chunk: int
    lease_until: datetime
    today: date
    ruleset: str | None = None


class BatchCounts(msgspec.Struct, frozen=True, kw_only=True):
    """Row counts of a batch.

    Attributes:
        total: Rows received.
        done: Rows evaluated.
        failed: Rows that failed validation (kept with their problem).
        pending: Rows still to evaluate.
    """

    total: int
    done: int
    failed: int
    pending: int


class BatchStatus(msgspec.Struct, frozen=True, kw_only=True):
    """Where a batch job stands.

    Attributes:
        id: The batch's id (UUIDv7).
        status: ``receiving`` (upload in progress), ``queued``, ``running``, ``done``, or
            ``failed`` (the upload was cut off before it finished; its rows were erased).
        format: ``jsonl`` or ``csv``.
        counts: Rows by state.
        progress: Share of rows settled (evaluated or failed), 0 to 1.
        created_at: When the upload began.
        started_at: When a worker first claimed a chunk.
        finished_at: When the last chunk was evaluated.
        elapsed_seconds: From the first claim to the last result (or to now).
        rows_per_second: Evaluated rows per second of ``elapsed_seconds``.
        results: Where the results stream is.
        report: Where the report page is.
        ruleset: The version (``name@version``) its rows are evaluated with; null for a
            batch uploaded before versions could be chosen (the server's default).
    """

    id: str
    status: BatchState
    format: Literal["jsonl", "csv"]
    counts: BatchCounts
    progress: float
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    elapsed_seconds: float | None
    rows_per_second: float | None
    results: str
    report: str
    ruleset: str | None = None


class BatchPage(msgspec.Struct, frozen=True, kw_only=True):
    """A page of the tenant's batches, newest first.

    Attributes:
        items: Each batch as ``GET /v1/batches/{id}`` answers it.
        next_cursor: Pass as ``cursor`` for the next page; null on the last one.
    """

    items: list[BatchStatus]
    next_cursor: str | None


class RuleTally(msgspec.Struct, frozen=True, kw_only=True):
    """How often one rule fired in a batch, with one of its messages.

    Attributes:
        id: The rule id.
        count: Rows it fired on.
        title: The rule's title.
        kind: blocker, warning or recommendation.
        example: One message it gave.
    """

    id: str
    count: int
    title: str
    kind: str
    example: str


class BatchReport(msgspec.Struct, frozen=True, kw_only=True):
    """What the report page shows.

    Attributes:
        title: Page title.
        total: Rows.
        evaluated: Rows evaluated.
        failed: Rows that failed validation.
        recommendations: Rows per overall recommendation.
        scores: For each score, rows per 10-point bin (0–9, …, 90–100).
        rules: The rules that fired most.
        failures: Failed rows: (row, "CODE at /path; …"), the first 200.
    """

    title: str
    total: int
    evaluated: int
    failed: int
    recommendations: dict[str, int]
    scores: dict[str, list[int]]
    rules: list[RuleTally]
    failures: list[tuple[int, str]]
