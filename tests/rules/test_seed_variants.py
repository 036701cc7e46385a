"""docs/rules.md §11.8: the seed stories' variants keep their v1.1 outcomes.

Each row changes one inference of a seed fixture (how Harts disclosed, how Case 3 was
phrased, …) and checks that the recommendation, the decision clause and the scores are
the ones the spec lists, so the outcomes rest on the articles, not on the guesses.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from batna.engine import Engine
from batna.engine.golden import load_case
from tests.conftest import CASES


def _payload(case_id: str) -> dict[str, Any]:
    return copy.deepcopy(load_case(CASES / f"{case_id}.json").payload)


def _harts(**ask: object) -> dict[str, Any]:
    payload = _payload("TC-04")
    payload["ask"].update(ask)
    return payload


def _harts_verbal() -> dict[str, Any]:
    payload = _payload("TC-04")
    payload["outside_offer"]["status"] = "verbal"
    return payload


def _harts_without_exit_plan() -> dict[str, Any]:
    payload = _payload("TC-04")
    del payload["exit_plan"]
    return payload


def _case3_question_no_disclosure() -> dict[str, Any]:
    payload = _payload("TC-03")
    payload["ask"].update(framing="question", disclosure_to_manager="none")
    return payload


def _case1_question() -> dict[str, Any]:
    payload = _payload("TC-01")
    payload["ask"]["framing"] = "question"
    return payload


@pytest.mark.parametrize(
    ("variant", "overall", "clause", "scores"),
    [
        (lambda: _harts(disclosure_to_manager="vague"), "proceed", "strong_position", (90, 5, 70)),
        (lambda: _harts(framing="question"), "proceed", "strong_position", (95, 0, 70)),
        (_harts_verbal, "proceed_with_changes", "changes_needed", (50, 0, 50)),
        (_harts_without_exit_plan, "proceed_with_changes", "changes_needed", (95, 10, 45)),
        (_case3_question_no_disclosure, "proceed_with_changes", "changes_needed", (30, 5, 25)),
        (_case1_question, "do_not_leverage", "weak_or_risky_leverage", (20, 40, 25)),
    ],
    ids=[
        "harts-vague",
        "harts-question",
        "harts-verbal",
        "harts-no-exit-plan",
        "case3-question-no-disclosure",
        "case1-question",
    ],
)
def test_seed_variant(
    engine: Engine, variant: Any, overall: str, clause: str, scores: tuple[int, int, int]
) -> None:
    evaluation = engine.evaluate(engine.parse(variant()))
    assert evaluation.overall_recommendation == overall
    assert evaluation.decision is not None
    assert evaluation.decision.clause == clause
    got = evaluation.scores
    assert (got.leverage_strength, got.relationship_risk, got.readiness) == scores


def test_case_3_no_longer_fires_rel_004(engine: Engine) -> None:
    evaluation = engine.evaluate(engine.parse(_payload("TC-03")))
    assert "REL-004" not in {r.id for r in evaluation.fired_rules}
