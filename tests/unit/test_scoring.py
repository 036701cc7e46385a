"""Scoring and the overall recommendation (RULES.md §7), rule by rule of the decision table."""

from __future__ import annotations

import pytest

from batna.engine.bundle import load_bundle
from batna.schemas.evaluation import FiredRule, ScoreEffects
from batna.scoring import order_fired, score
from tests.conftest import RULES

SETTINGS = load_bundle(RULES).get().settings


def _rule(rule_id: str, kind: str = "warning", severity: str = "low", **effects: int) -> FiredRule:
    return FiredRule(
        id=rule_id,
        title="t",
        category="c",
        kind=kind,
        severity=severity,  # type: ignore[arg-type]
        score_effects=ScoreEffects(**effects),
        message="m",
        sources=["A"],
        conditions=[],
    )


def test_bases_when_nothing_fires() -> None:
    outcome = score([], {}, SETTINGS)
    assert (
        outcome.scores.leverage_strength,
        outcome.scores.relationship_risk,
        outcome.scores.readiness,
    ) == (40, 20, 50)
    assert outcome.recommendation == "proceed_with_changes"  # L 40 < 50


def test_scores_are_clamped() -> None:
    outcome = score([_rule("X-001", leverage_strength=200, relationship_risk=-90)], {}, SETTINGS)
    assert outcome.scores.leverage_strength == 100
    assert outcome.scores.relationship_risk == 0


def test_blocker_wins_and_brings_its_safer_alternative() -> None:
    fired = [
        _rule("B-001", "blocker", "critical"),
        _rule("R-001", "recommendation", "info", leverage_strength=50),
    ]
    outcome = score(fired, {"B-001": "ask instead"}, SETTINGS)
    assert outcome.recommendation == "do_not_leverage"
    assert outcome.safer_alternative == "ask instead"


@pytest.mark.parametrize(
    ("effects", "severity", "expected"),
    [
        ({"leverage_strength": -11}, "low", "do_not_leverage"),  # L 29 < 30
        ({"leverage_strength": -10}, "low", "proceed_with_changes"),  # L 30
        ({"relationship_risk": 50}, "low", "do_not_leverage"),  # R 70
        ({"leverage_strength": 10}, "low", "proceed"),  # L 50, R 20, Rd 50
        ({"leverage_strength": 10}, "high", "proceed_with_changes"),  # a high warning
        ({"leverage_strength": 10, "relationship_risk": 21}, "low", "proceed_with_changes"),
        ({"leverage_strength": 10, "readiness": -11}, "low", "proceed_with_changes"),
    ],
)
def test_decision_table(effects: dict[str, int], severity: str, expected: str) -> None:
    outcome = score([_rule("W-001", "warning", severity, **effects)], {}, SETTINGS)
    assert outcome.recommendation == expected


def test_threshold_do_not_leverage_uses_first_safer_alternative_in_order() -> None:
    fired = [
        _rule("LEV-002", "warning", "high", leverage_strength=-25),
        _rule("REL-001", "warning", "high", relationship_risk=60),
    ]
    outcome = score(fired, {"REL-001": "take the offer", "LEV-002": "ask about growth"}, SETTINGS)
    assert outcome.recommendation == "do_not_leverage"
    assert outcome.safer_alternative == "ask about growth"


def test_order_blockers_warnings_by_severity_then_recommendations() -> None:
    fired = [
        _rule("Z-001", "recommendation", "info"),
        _rule("B-002", "warning", "low"),
        _rule("A-009", "warning", "high"),
        _rule("C-001", "blocker", "critical"),
        _rule("A-001", "warning", "low"),
    ]
    assert [r.id for r in order_fired(fired)] == ["C-001", "A-009", "A-001", "B-002", "Z-001"]
