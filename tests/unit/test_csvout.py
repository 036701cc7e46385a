"""Batch results as CSV: fixed columns, RFC 4180 quoting, no cell a spreadsheet runs."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from batna.batch.csvout import COLUMNS, csv_header, csv_row
from batna.schemas.jsonout import ENCODER


def _parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _problem(*details: tuple[str, str], error: str = "VALIDATION_FAILED") -> str:
    return json.dumps(
        {
            "row": 3,
            "status": 422,
            "problem": {
                "type": "about:blank",
                "title": "t",
                "status": 422,
                "detail": "d",
                "error": error,
                "details": [{"code": c, "path": p, "message": "m"} for c, p in details],
            },
        }
    )


def test_the_header_is_the_documented_columns_in_order() -> None:
    assert _parse(csv_header()) == [list(COLUMNS)]
    assert csv_header().endswith(b"\r\n")
    assert list(COLUMNS)[:3] == ["row", "status", "overall_recommendation"]


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_prefixed(lead: str) -> None:
    line = _problem((f'{lead}HYPERLINK("http://x","y")', "/a"))
    (cells,) = _parse(csv_row(line))
    problem = cells[list(COLUMNS).index("problem")]
    assert problem.startswith("'" + lead)
    assert problem == f'\'{lead}HYPERLINK("http://x","y") at /a'


def test_quotes_commas_and_line_breaks_survive_a_round_trip() -> None:
    line = _problem(('A,"B"\nC', "/x"), ("D", ""))
    (cells,) = _parse(csv_row(line))
    assert cells[0] == "3"
    assert cells[1] == "422"
    assert cells[list(COLUMNS).index("problem")] == 'A,"B"\nC at /x; D at /'
    assert len(cells) == len(COLUMNS)


def test_a_row_with_no_issues_names_its_error_and_numbers_stay_numbers() -> None:
    (cells,) = _parse(csv_row(_problem(error="MALFORMED_JSON")))
    assert cells[list(COLUMNS).index("problem")] == "MALFORMED_JSON"
    evaluated = {
        "row": 0,
        "status": 200,
        "evaluation": {
            "overall_recommendation": "proceed",
            "scores": {"leverage_strength": 70, "relationship_risk": 0, "readiness": 100},
            "ruleset": {"name": "negotiation", "version": "1.1.0", "revision": "ab"},
            "fired_rules": [
                {"id": "WALK-001", "kind": "warning"},
                {"id": "FRAME-002", "kind": "recommendation"},
            ],
            "data_notices": [],
            "suggested_range": {
                "low": Decimal("-1.5E+3"),
                "high": Decimal("120000.50"),
                "currency": "-USD",
            },
        },
    }
    (cells,) = _parse(csv_row(ENCODER.encode(evaluated)))
    row = dict(zip(COLUMNS, cells, strict=True))
    assert row["suggested_low"] == "-1.5E+3"  # a number: never prefixed
    assert row["suggested_high"] == "120000.50"  # the digits the JSON line has
    assert row["currency"] == "'-USD"  # text: prefixed
    assert row["warnings"] == "WALK-001"
    assert row["recommendations"] == "FRAME-002"
    assert row["blockers"] == row["decision_clause"] == row["problem"] == ""
    assert row["ruleset"] == "negotiation@1.1.0"
