"""Fired rules in, scores and the decision out (docs/rules.md §7, §11.5). Pure.

Every number and every sentence comes from the ruleset's settings; nothing here knows a
rule by id. The clauses are tried in the order the spec gives; the first that matches
decides, and its reasons say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import msgspec

from batna.schemas.evaluation import Decision, DecisionClause, FiredRule, Recommendation, Scores

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from batna.schemas.rules import DecisionSettings, RulesetSettings, Score

__all__ = ["Outcome", "order_fired", "score"]

_KIND_RANK: Final = {"blocker": 0, "warning": 1, "recommendation": 2}
_SEVERITY_RANK: Final = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
_OVERALL: Final[dict[DecisionClause, Recommendation]] = {
    "blocker": "do_not_leverage",
    "weak_or_risky_leverage": "do_not_leverage",
    "strong_position": "proceed",
    "plain_ask_ready": "proceed",
    "changes_needed": "proceed_with_changes",
}


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """The scored result.

    Attributes:
        scores: The three clamped scores.
        recommendation: The overall recommendation.
        decision: The clause that decided it, and why.
        fired: Fired rules in the order §7 prescribes.
        safer_alternative: What to do instead, when the answer is ``do_not_leverage``.
    """

    scores: Scores
    recommendation: Recommendation
    decision: Decision
    fired: list[FiredRule]
    safer_alternative: str | None


def _clamp(value: int) -> int:
    return max(0, min(100, value))


def order_fired(fired: Sequence[FiredRule]) -> list[FiredRule]:
    """Blockers, then warnings (high → medium → low), then recommendations; ties by id."""
    return sorted(fired, key=lambda r: (_KIND_RANK[r.kind], _SEVERITY_RANK[r.severity], r.id))


def _scores(fired: Sequence[FiredRule], settings: RulesetSettings) -> Scores:
    bases = settings.bases
    leverage, risk, readiness = bases.leverage_strength, bases.relationship_risk, bases.readiness
    for rule in fired:
        effects = rule.score_effects
        leverage += effects.leverage_strength
        risk += effects.relationship_risk
        readiness += effects.readiness
    return Scores(
        leverage_strength=_clamp(leverage),
        relationship_risk=_clamp(risk),
        readiness=_clamp(readiness),
    )


class _Test(msgspec.Struct, frozen=True):
    """One threshold: a score, its bound, and whether it is a minimum."""

    score: Score
    cutoff: int
    minimum: bool

    def met(self, scores: Scores) -> bool:
        value: int = getattr(scores, self.score)
        return value >= self.cutoff if self.minimum else value <= self.cutoff


def _decide(
    ordered: Sequence[FiredRule], scores: Scores, cut: DecisionSettings, *, pressure: bool
) -> Decision:
    words = cut.reasons
    counted = [r for r in ordered if r.category not in cut.not_counted_categories]

    def rule_reason(template: str, rule: FiredRule) -> str:
        return template.format(id=rule.id, title=rule.title, severity=rule.severity)

    def test_reason(template: str, test: _Test) -> str:
        value = getattr(scores, test.score)
        return template.format(score=words.scores[test.score], value=value, cutoff=test.cutoff)

    blockers = [r for r in counted if r.kind == "blocker"]
    if blockers:
        return Decision(clause="blocker", reasons=[rule_reason(words.blocker, r) for r in blockers])
    if pressure:
        leverage, risk = scores.leverage_strength, scores.relationship_risk
        failed = []
        if leverage < cut.do_not_leverage_if_leverage_below:
            failed.append(
                words.below_with_pressure.format(
                    score=words.scores["leverage_strength"],
                    value=leverage,
                    cutoff=cut.do_not_leverage_if_leverage_below,
                )
            )
        if risk >= cut.do_not_leverage_if_risk_at_least:
            failed.append(
                words.at_least_with_pressure.format(
                    score=words.scores["relationship_risk"],
                    value=risk,
                    cutoff=cut.do_not_leverage_if_risk_at_least,
                )
            )
        if failed:
            return Decision(clause="weak_or_risky_leverage", reasons=failed)
    warnings = [
        r for r in counted if r.kind == "warning" and r.severity in cut.proceed_blocked_by_severity
    ]
    ready = [
        _Test("relationship_risk", cut.proceed_if_risk_at_most, minimum=False),
        _Test("readiness", cut.proceed_if_readiness_at_least, minimum=True),
    ]
    strong = [_Test("leverage_strength", cut.proceed_if_leverage_at_least, minimum=True), *ready]
    for clause, tests, extra in (
        ("strong_position", strong, []),
        ("plain_ask_ready", ready, [words.no_pressure]),
    ):
        if clause == "plain_ask_ready" and pressure:
            continue
        if not warnings and all(t.met(scores) for t in tests):
            met = [
                test_reason(words.met_at_least if t.minimum else words.met_at_most, t)
                for t in tests
            ]
            return Decision(clause=clause, reasons=[*extra, *met, words.no_warning])  # type: ignore[arg-type]
    if warnings:
        return Decision(
            clause="changes_needed", reasons=[rule_reason(words.warning, r) for r in warnings]
        )
    missed = [
        test_reason(words.missed_at_least if t.minimum else words.missed_at_most, t)
        for t in (strong if pressure else ready)
        if not t.met(scores)
    ]
    return Decision(clause="changes_needed", reasons=missed)


def score(
    fired: Sequence[FiredRule],
    settings: RulesetSettings,
    *,
    pressure: bool,
    safer_of: Callable[[str], str | None],
) -> Outcome:
    """Score ``fired`` rules and decide the overall recommendation.

    Args:
        fired: The rules that fired, in any order.
        settings: The ruleset's bases, decision table and its sentences.
        pressure: Whether the plan applies pressure (the ruleset's ``decision.pressure``).
        safer_of: Rule id → its safer alternative as rendered for this situation, if any.
    """
    scores = _scores(fired, settings)
    ordered = order_fired(fired)
    decision = _decide(ordered, scores, settings.decision, pressure=pressure)
    recommendation = _OVERALL[decision.clause]
    alternative = None
    if recommendation == "do_not_leverage":
        alternative = next((text for r in ordered if (text := safer_of(r.id)) is not None), None)
    return Outcome(
        scores=scores,
        recommendation=recommendation,
        decision=decision,
        fired=ordered,
        safer_alternative=alternative,
    )
