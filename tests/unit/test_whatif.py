"""What-if: the smallest changes the person controls that improve the outcome."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from batna.engine import Engine
from batna.schemas.evaluation import WhatIf
from tests.conftest import CASES, load_case

ENCODER = msgspec.json.Encoder(decimal_format="number")
TODAY = dt.date(2025, 3, 3)
OK_CASES = [
    p
    for p in sorted(CASES.glob("*.json"))
    if json.loads(p.read_text())["expected"]["http_status"] == 200
]
# The person's own choices (RULES.md §3); nothing else may ever be changed.
CHOICES = {
    "/ask/framing",
    "/ask/tone",
    "/ask/disclosure_to_manager",
    "/ask/justifications",
    "/ask/scope_reframe",
    "/ask/target_amount",
    "/ask/proposed_range_low",
    "/ask/proposed_range_high",
    "/ask/timing_context",
    "/ask/planned_date",
    "/exit_plan/notice_period_weeks",
    "/exit_plan/transition_plan_prepared",
    "/exit_plan/keep_in_touch_plan",
    *(
        f"/preparation/{flag}"
        for flag in (
            "market_data_gathered",
            "best_precedent_known",
            "company_negotiation_norms_known",
            "mentors_consulted",
            "role_play_done",
            "impact_evidence_prepared",
            "manager_tipped_off_early",
        )
    ),
}


def _apply(payload: dict[str, Any], result: Any) -> dict[str, Any]:
    """Apply a suggestion's changes the way a client would: set (or remove) each pointer."""
    doc = copy.deepcopy(payload)
    for move in result.moves:
        for change in move.changes:
            *parents, leaf = change.path.strip("/").split("/")
            node = doc
            for part in parents:
                node = node.setdefault(part, {})
            if change.value is None:
                node.pop(leaf, None)
            else:
                node[leaf] = change.value
    return doc


def _ids(result: WhatIf) -> list[list[str]]:
    return [sorted(m.id for m in s.moves) for s in result.suggestions]


def test_case_3_as_a_question_proceeds_with_changes(engine: Engine) -> None:
    # v1.1: a hint mentioned openly with a question is a heads-up, not hardball, so
    # asking instead of conditioning is enough on its own (v1.0 also needed the hint gone).
    result = engine.what_if(engine.parse(load_case("TC-03")["payload"]), cap=2000, today=TODAY)
    assert result.evaluation.overall_recommendation == "do_not_leverage"
    assert ["framing:question"] in _ids(result)
    for suggestion in result.suggestions:
        assert len(suggestion.moves) == 1
        assert suggestion.overall_after == "proceed_with_changes"
        assert "WALK-001" in suggestion.blockers_removed


def test_harts_without_an_exit_plan_regains_proceed_with_one(engine: Engine) -> None:
    payload = load_case("TC-04")["payload"]
    del payload["exit_plan"]
    result = engine.what_if(engine.parse(payload), cap=2000, today=TODAY)
    assert result.evaluation.overall_recommendation == "proceed_with_changes"
    best = result.suggestions[0]
    assert [m.id for m in best.moves] == ["exit:transition_plan"]
    assert best.overall_after == "proceed"
    assert "EXIT-001" in best.rules_stopped


def test_case_1_reframed_loses_its_blocker(engine: Engine) -> None:
    result = engine.what_if(engine.parse(load_case("TC-01")["payload"]), cap=2000, today=TODAY)
    assert ["framing:question"] in _ids(result)
    assert all(s.blockers_removed == ["WALK-001"] for s in result.suggestions)


@pytest.mark.parametrize("path", OK_CASES, ids=lambda p: p.stem)
def test_every_suggestion_reproduces_exactly_and_touches_only_choices(
    engine: Engine, path: Path
) -> None:
    payload = json.loads(path.read_text(), parse_float=Decimal)["payload"]
    result = engine.what_if(engine.parse(payload), cap=2000, today=TODAY)
    assert result.evaluations_used <= result.cap
    sizes = [len(s.moves) for s in result.suggestions]
    assert sizes == sorted(sizes)
    move_sets = [frozenset(m.id for m in s.moves) for s in result.suggestions]
    for i, suggestion in enumerate(result.suggestions):
        assert {c.path for m in suggestion.moves for c in m.changes} <= CHOICES
        assert not any(other < move_sets[i] for other in move_sets)  # minimal
        again = engine.evaluate(engine.parse(_apply(payload, suggestion)), today=TODAY)
        assert ENCODER.encode(again) == ENCODER.encode(suggestion.evaluation)
    for size in set(sizes):
        gains = [s.score_gain for s in result.suggestions if len(s.moves) == size]
        assert gains == sorted(gains, reverse=True)


def test_the_cap_bounds_the_search_and_says_so(engine: Engine) -> None:
    situation = engine.parse(load_case("TC-03")["payload"])
    full = engine.what_if(situation, cap=2000, today=TODAY)
    result = engine.what_if(situation, cap=3, today=TODAY)
    assert full.evaluations_used > 3
    assert not full.truncated
    assert result.evaluations_used == 3
    assert result.truncated
    assert len(result.suggestions) <= len(full.suggestions)


def test_hint_is_the_best_single_change(engine: Engine) -> None:
    situation = engine.parse(load_case("TC-01")["payload"])
    evaluation = engine.evaluate(situation, today=TODAY)
    hinted = engine.with_hint(situation, evaluation, cap=100, today=TODAY)
    assert hinted.hint is not None
    assert len(hinted.hint.moves) == 1
    assert hinted.hint.blockers_removed == ["WALK-001"]
    assert msgspec.structs.replace(hinted, hint=None) == evaluation
