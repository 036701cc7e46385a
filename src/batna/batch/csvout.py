"""A batch's results as CSV: one row per result line, in fixed, documented columns.

The JSON Lines stream stays the full answer; the CSV is its flat summary for
spreadsheets. Columns never move: new ones are only ever added at the end. A text cell
that a spreadsheet would read as a formula (first character ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is prefixed with ``'`` (OWASP, CSV injection); numbers are
written as numbers. Rows are encoded one at a time, so memory stays flat.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Final

import msgspec

__all__ = ["COLUMNS", "csv_header", "csv_row"]

COLUMNS: Final[dict[str, str]] = {
    "row": "0-based position of the row in the upload",
    "status": "200 evaluated, 422 failed validation",
    "overall_recommendation": "proceed, proceed_with_changes or do_not_leverage",
    "decision_clause": "the decision table's clause that matched",
    "leverage_strength": "score 0-100, higher is better",
    "relationship_risk": "score 0-100, higher is worse",
    "readiness": "score 0-100, higher is better",
    "suggested_low": "the suggested range's low end (the target)",
    "suggested_high": "the suggested range's high end",
    "currency": "the suggested range's currency",
    "blockers": "ids of the blockers that fired, separated by ';'",
    "warnings": "ids of the warnings that fired, high to low, separated by ';'",
    "recommendations": "ids of the recommendations that fired, separated by ';'",
    "data_notices": "ids of the data notices, separated by ';'",
    "ruleset": "name@version of the rules applied",
    "ruleset_revision": "SHA-256 of the rule bundle",
    "problem": "422 rows: each issue as CODE at /path, separated by '; '",
}
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")


class _Fired(msgspec.Struct, frozen=True):
    id: str
    kind: str


class _Id(msgspec.Struct, frozen=True):
    id: str


class _Scores(msgspec.Struct, frozen=True):
    leverage_strength: int
    relationship_risk: int
    readiness: int


class _Range(msgspec.Struct, frozen=True):
    low: Decimal
    high: Decimal
    currency: str


class _Ruleset(msgspec.Struct, frozen=True):
    name: str
    version: str
    revision: str


class _Decision(msgspec.Struct, frozen=True):
    clause: str


class _Evaluation(msgspec.Struct, frozen=True):
    overall_recommendation: str
    scores: _Scores
    ruleset: _Ruleset
    fired_rules: list[_Fired]
    data_notices: list[_Id]
    decision: _Decision | None = None
    suggested_range: _Range | None = None


class _Issue(msgspec.Struct, frozen=True):
    code: str
    path: str


class _Problem(msgspec.Struct, frozen=True):
    error: str
    details: list[_Issue] = []


class _Line(msgspec.Struct, frozen=True):
    """The fields of a ``ResultLine`` the CSV shows (the rest are ignored on decode)."""

    row: int
    status: int
    evaluation: _Evaluation | None = None
    problem: _Problem | None = None


_DECODER: Final = msgspec.json.Decoder(_Line)


def _safe(text: str) -> str:
    """``text`` as a spreadsheet shows it, never run as a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def _encode(cells: list[object]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        _safe(cell) if isinstance(cell, str) else cell for cell in cells
    )
    return buffer.getvalue().encode()


def csv_header() -> bytes:
    """The header line (RFC 4180: CRLF line ends)."""
    return _encode(list(COLUMNS))


def _ids(rules: list[_Fired], kind: str) -> str:
    return ";".join(rule.id for rule in rules if rule.kind == kind)


def csv_row(line: str | bytes) -> bytes:
    """One stored result line (JSON) as one CSV row in ``COLUMNS`` order."""
    result = _DECODER.decode(line)
    cells: dict[str, object] = {"row": result.row, "status": result.status}
    evaluation = result.evaluation
    if evaluation is not None:
        scores, ruleset, suggested = (
            evaluation.scores,
            evaluation.ruleset,
            evaluation.suggested_range,
        )
        cells |= {
            "overall_recommendation": evaluation.overall_recommendation,
            "decision_clause": evaluation.decision.clause if evaluation.decision else None,
            "leverage_strength": scores.leverage_strength,
            "relationship_risk": scores.relationship_risk,
            "readiness": scores.readiness,
            "suggested_low": suggested.low if suggested else None,
            "suggested_high": suggested.high if suggested else None,
            "currency": suggested.currency if suggested else None,
            "blockers": _ids(evaluation.fired_rules, "blocker"),
            "warnings": _ids(evaluation.fired_rules, "warning"),
            "recommendations": _ids(evaluation.fired_rules, "recommendation"),
            "data_notices": ";".join(notice.id for notice in evaluation.data_notices),
            "ruleset": f"{ruleset.name}@{ruleset.version}",
            "ruleset_revision": ruleset.revision,
        }
    if result.problem is not None:
        issues = "; ".join(f"{i.code} at {i.path or '/'}" for i in result.problem.details)
        cells["problem"] = issues or result.problem.error
    return _encode([cells.get(name) for name in COLUMNS])
