"""Scoring and the decision (docs/rules.md §7, §11.5), clause by clause of the table."""

from __future__ import annotations

import pytest

from batna.engine.bundle import load_bundle
from batna.schemas.evaluation import FiredRule, ScoreEffects
from batna.scoring import order_fired, score
from tests.conftest import RULES

SETTINGS = load_bundle(RULES).get().settings


def _rule(
    rule_id: str,
    kind: str = "warning",
    severity: str = "low",
    category: str = "c",
    **effects: int,
) -> FiredRule:
    return FiredRule(
        id=rule_id,
        title="t",
        category=category,
        kind=kind,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        score_effects=ScoreEffects(**effects),
        message="m",
        sources=["A"],
        conditions=[],
    )


def _score(fired: list[FiredRule], safer: dict[str, str] | None = None, *, pressure: bool = True):  # type: ignore[no-untyped-def]
    return score(fired, SETTINGS, pressure=pressure, safer_of=(safer or {}).get)


def test_bases_when_nothing_fires() -> None:
    outcome = _score([])
    assert (
        outcome.scores.leverage_strength,
        outcome.scores.relationship_risk,
        outcome.scores.readiness,
    ) == (40, 20, 50)
    assert outcome.recommendation == "proceed_with_changes"  # L 40 < 50 under pressure
    assert outcome.decision.clause == "changes_needed"
    assert outcome.decision.reasons == [
        "Leverage 40 is below the 50 needed to go ahead as planned."
    ]


def test_a_plain_ask_needs_no_leverage() -> None:
    outcome = _score([], pressure=False)
    assert outcome.recommendation == "proceed"
    assert outcome.decision.clause == "plain_ask_ready"


def test_scores_are_clamped() -> None:
    outcome = _score([_rule("X-001", leverage_strength=200, relationship_risk=-90)])
    assert outcome.scores.leverage_strength == 100
    assert outcome.scores.relationship_risk == 0


def test_blocker_wins_and_brings_its_safer_alternative() -> None:
    fired = [
        _rule("B-001", "blocker", "critical"),
        _rule("R-001", "recommendation", "info", leverage_strength=50),
    ]
    outcome = _score(fired, {"B-001": "ask instead"}, pressure=False)
    assert outcome.recommendation == "do_not_leverage"
    assert outcome.decision.clause == "blocker"
    assert outcome.decision.reasons == ["B-001 (t) is a blocker."]
    assert outcome.safer_alternative == "ask instead"


@pytest.mark.parametrize(
    ("effects", "severity", "pressure", "clause"),
    [
        ({"leverage_strength": -11}, "low", True, "weak_or_risky_leverage"),  # L 29 < 30
        ({"leverage_strength": -11}, "low", False, "plain_ask_ready"),  # no pressure
        ({"leverage_strength": -10}, "low", True, "changes_needed"),  # L 30
        ({"relationship_risk": 50}, "low", True, "weak_or_risky_leverage"),  # R 70
        ({"relationship_risk": 50}, "low", False, "changes_needed"),  # R 70 > 40
        ({"leverage_strength": 10}, "low", True, "strong_position"),  # L 50, R 20, Rd 50
        ({"leverage_strength": 10}, "high", True, "changes_needed"),  # a high warning
        ({"leverage_strength": 10}, "medium", True, "changes_needed"),  # a medium warning
        ({"leverage_strength": 10}, "medium", False, "changes_needed"),
        ({"leverage_strength": 10, "relationship_risk": 21}, "low", True, "changes_needed"),
        ({"leverage_strength": 10, "readiness": -11}, "low", True, "changes_needed"),
        ({"readiness": -11}, "low", False, "changes_needed"),  # Rd 39 < 40
    ],
)
def test_decision_table(
    effects: dict[str, int], severity: str, pressure: bool, clause: str
) -> None:
    outcome = _score([_rule("W-001", "warning", severity, **effects)], pressure=pressure)
    assert outcome.decision.clause == clause
    assert outcome.decision.reasons


def test_fairness_warnings_never_count() -> None:
    fair = _rule("FAIR-001", "warning", "medium", category="fairness", leverage_strength=10)
    assert _score([fair]).decision.clause == "strong_position"


def test_changes_needed_names_each_warning_to_address() -> None:
    outcome = _score([_rule("W-002", "warning", "high"), _rule("W-003", "warning", "low")])
    assert outcome.decision.reasons == ["Address W-002 (t), a high warning."]


def test_weak_leverage_names_the_threshold() -> None:
    outcome = _score([_rule("W-001", leverage_strength=-20)])
    assert outcome.decision.reasons == [
        "Leverage 20 is below 30 while the plan leans on an outside offer or on pressure."
    ]


def test_threshold_do_not_leverage_uses_first_safer_alternative_in_order() -> None:
    fired = [
        _rule("LEV-002", "warning", "high", leverage_strength=-25),
        _rule("REL-001", "warning", "high", relationship_risk=60),
    ]
    outcome = _score(fired, {"REL-001": "take the offer", "LEV-002": "ask about growth"})
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
