"""One batch row's result line, the same for the server's stream and ``batna batch``."""

from __future__ import annotations

import msgspec

from batna.errors import ValidationFailed
from batna.problems import Problem, problem_for
from batna.schemas.batches import BatchItemResult
from batna.schemas.evaluation import Evaluation
from batna.schemas.jsonout import ENCODER

__all__ = ["ResultLine", "evaluated_line", "failed_line"]


class ResultLine(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One line of a batch's results (JSON Lines), in input order.

    Attributes:
        row: 0-based position of the row in the upload (header and blank lines not counted).
        status: 200 evaluated, 422 failed validation.
        evaluation: The evaluation (status 200).
        problem: The problem with every issue (status 422).
    """

    row: int
    status: int
    evaluation: Evaluation | None = None
    problem: Problem | None = None


def evaluated_line(row: int, evaluation: Evaluation) -> BatchItemResult:
    """The stored form of an evaluated row."""
    scores = evaluation.scores
    return BatchItemResult(
        row=row,
        result=ENCODER.encode(ResultLine(row=row, status=200, evaluation=evaluation)),
        overall_recommendation=evaluation.overall_recommendation,
        leverage_strength=scores.leverage_strength,
        relationship_risk=scores.relationship_risk,
        readiness=scores.readiness,
        fired_rules=[rule.id for rule in evaluation.fired_rules],
    )


def failed_line(row: int, error: ValidationFailed) -> bytes:
    """The result line of a row that failed validation."""
    return ENCODER.encode(ResultLine(row=row, status=422, problem=problem_for(error)))
