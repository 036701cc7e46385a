"""What-if: the smallest changes the person controls that improve the outcome.

The moves come from the remedies of the rules that fired; every suggestion is re-checked
here against an independent reading of "better" (docs/rules.md §11 and issue 15): the
recommendation rises, a blocker or a high or medium warning goes, or a score moves ten
points the right way, and no new warning appears.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings

from batna.engine import Engine
from batna.schemas.evaluation import WhatIf
from tests.conftest import CASES, load_case
from tests.situations import situations

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)


@functools.cache
def _ENGINE(rules: Path) -> Engine:  # noqa: N802 - a cached constant
    return Engine.from_path(rules)


ENCODER = msgspec.json.Encoder(decimal_format="number")
TODAY = dt.date(2025, 3, 3)
OK_CASES = [
    p
    for p in sorted(CASES.glob("*.json"))
    if json.loads(p.read_text())["expected"]["http_status"] == 200
]
# The person's own choices (docs/rules.md §3); nothing else may ever be changed. The
# offer's status is one only in one direction: asking for a verbal offer in writing.
CHOICES = {
    "/ask/type",
    "/outside_offer/status",
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
    reframed = next(s for s in result.suggestions if _ids_of(s) == ["framing:question"])
    assert reframed.blockers_removed == ["WALK-001"]
    assert "removes FRAME-001 (An ultimatum)" in reframed.improvements


def _ids_of(suggestion: Any) -> list[str]:
    return sorted(m.id for m in suggestion.moves)


LEVEL = {"do_not_leverage": 0, "proceed_with_changes": 1, "proceed": 2}


def _independent_improvements(before: Any, after: Any) -> tuple[bool, set[str]]:
    """(is it better, the rule ids it removes), restated from issue 15's definition."""
    before_ids = {r.id for r in before.fired_rules}
    after_ids = {r.id for r in after.fired_rules}
    new_warnings = {r.id for r in after.fired_rules if r.kind != "recommendation"} - before_ids
    raised = LEVEL[after.overall_recommendation] - LEVEL[before.overall_recommendation]
    removed = {
        r.id
        for r in before.fired_rules
        if r.id not in after_ids
        and (r.kind == "blocker" or (r.kind == "warning" and r.severity in ("high", "medium")))
    }
    b, a = before.scores, after.scores
    scores = (
        a.leverage_strength - b.leverage_strength >= 10
        or b.relationship_risk - a.relationship_risk >= 10
        or a.readiness - b.readiness >= 10
    )
    better = raised >= 0 and not new_warnings and (raised > 0 or bool(removed) or scores)
    return better, removed


@pytest.mark.parametrize("path", OK_CASES, ids=lambda p: p.stem)
def test_every_suggestion_reproduces_exactly_and_touches_only_choices(
    engine: Engine, path: Path
) -> None:
    payload = json.loads(path.read_text(), parse_float=Decimal)["payload"]
    _check_suggestions(engine, payload)


def _check_suggestions(engine: Engine, payload: dict[str, Any]) -> None:
    situation = engine.parse(payload)
    result = engine.what_if(situation, cap=2000, today=TODAY)
    before = result.evaluation
    assert result.evaluations_used <= result.cap
    move_sets = [frozenset(m.id for m in s.moves) for s in result.suggestions]
    ranks = []
    for i, suggestion in enumerate(result.suggestions):
        assert {c.path for m in suggestion.moves for c in m.changes} <= CHOICES
        assert not any(other < move_sets[i] for other in move_sets)  # minimal
        again = engine.evaluate(engine.parse(_apply(payload, suggestion)), today=TODAY)
        assert ENCODER.encode(again) == ENCODER.encode(suggestion.evaluation)
        better, removed = _independent_improvements(before, again)
        assert better, suggestion.improvements
        said = " ".join(suggestion.improvements)
        assert all(f"removes {rule_id} " in said for rule_id in removed)
        raised = LEVEL[again.overall_recommendation] - LEVEL[before.overall_recommendation]
        assert (raised > 0) == said.startswith("recommendation ")
        ranks.append((-raised, -len(removed), len(suggestion.moves)))
    assert ranks == sorted(ranks)


def test_case_3_as_a_question_proceeds_with_changes(engine: Engine) -> None:
    # v1.1: a hint mentioned openly with a question is a heads-up, not hardball, so
    # asking instead of conditioning is enough on its own (v1.0 also needed the hint gone).
    result = engine.what_if(engine.parse(load_case("TC-03")["payload"]), cap=2000, today=TODAY)
    assert result.evaluation.overall_recommendation == "do_not_leverage"
    best = result.suggestions[:2]
    assert sorted(_ids_of(s)[0] for s in best) == ["framing:collaborative", "framing:question"]
    for suggestion in best:
        assert suggestion.overall_after == "proceed_with_changes"
        assert "WALK-001" in suggestion.blockers_removed
    # Smaller gains follow the raises: dropping the hint alone still leaves do_not_leverage.
    assert all(s.overall_after == "do_not_leverage" for s in result.suggestions[2:])


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


@PROPERTY
@given(situations())
def test_every_suggestion_reproduces_on_generated_situations(document: dict[str, Any]) -> None:
    from tests.conftest import RULES

    _check_suggestions(_ENGINE(RULES), document)


def test_a_target_below_current_pay_gets_corrected(engine: Engine) -> None:
    result = engine.what_if(engine.parse(load_case("TC-09")["payload"]), cap=2000, today=TODAY)
    best = result.suggestions[0]
    assert _ids_of(best) == ["target:baseline"]
    (change,) = best.moves[0].changes
    assert change.path == "/ask/target_amount"
    assert change.value == 96000  # the current base salary
    assert "removes ANCH-004 (A target below the baseline)" in best.improvements


def test_a_verbal_offer_gets_get_it_in_writing(engine: Engine) -> None:
    payload = load_case("TC-04")["payload"]
    payload["outside_offer"]["status"] = "verbal"
    result = engine.what_if(engine.parse(payload), cap=2000, today=TODAY)
    assert "LEV-003" in {r.id for r in result.evaluation.fired_rules}
    written = next(s for s in result.suggestions if _ids_of(s) == ["offer:in_writing"])
    assert written.moves[0].description == "Get the offer in writing before you use it"
    assert written.overall_after == "proceed"


def test_an_offer_that_lapses_before_the_talk_moves_the_date(engine: Engine) -> None:
    result = engine.what_if(engine.parse(load_case("TC-22")["payload"]), cap=2000, today=TODAY)
    best = result.suggestions[0]
    assert [c.path for m in best.moves for c in m.changes] == ["/ask/planned_date"]
    assert best.moves[0].changes[0].value <= "2025-03-10"  # on or before the expiry
    assert "removes LEV-014 (The offer lapses before you talk)" in best.improvements


def test_an_ultimatum_to_a_strained_manager_gets_reframed(engine: Engine) -> None:
    # The practitioner review's sales rep: no change raises the verdict, yet dropping the
    # ultimatum cuts relationship risk a lot; v1.0's what-if said nothing helped.
    payload = load_case("TC-25")["payload"]
    payload["ask"]["framing"] = "ultimatum"
    payload["organisation"] = {"manager_relationship": "strained"}
    result = engine.what_if(engine.parse(payload), cap=2000, today=TODAY)
    reframed = [
        s for s in result.suggestions if "removes FRAME-001 (An ultimatum)" in s.improvements
    ]
    assert reframed
    assert any("relationship risk" in line for line in reframed[0].improvements)


def test_a_freeze_gets_a_non_monetary_ask(engine: Engine) -> None:
    payload = load_case("TC-19")["payload"]
    payload["organisation"]["hiring_freeze_or_layoffs"] = True
    result = engine.what_if(engine.parse(payload), cap=2000, today=TODAY)
    assert "LEV-012" in {r.id for r in result.evaluation.fired_rules}
    switch = next(s for s in result.suggestions if _ids_of(s) == ["ask:non_monetary"])
    assert switch.moves[0].changes[0].value == "title"
    assert "removes LEV-012 (A freeze or layoffs)" in switch.improvements


def test_whatif_holds_no_number_of_the_rule_files() -> None:
    import ast

    import yaml

    from tests.conftest import ROOT, RULES

    numbers: set[object] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, int | float) and not isinstance(node, bool):
            numbers.add(Decimal(str(node)))

    for file in (RULES / "negotiation").glob("*.yaml"):
        collect(yaml.safe_load(file.read_text()))
    source = (ROOT / "src" / "batna" / "engine" / "whatif.py").read_text()
    literals = {
        Decimal(str(node.value))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    assert numbers & {Decimal(20), Decimal("1.2"), Decimal(4), Decimal(10)}  # the check sees them
    # 0 and 1 only count and index; every threshold comes from the ruleset.
    assert literals <= {Decimal(0), Decimal(1)}
    assert not (literals - {Decimal(0), Decimal(1)}) & numbers
