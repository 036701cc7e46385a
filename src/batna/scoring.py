"""Fired rules in, scores and the overall recommendation out (RULES.md §7). Pure.

Every number comes from the ruleset's settings; nothing here knows a rule by id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import msgspec

from batna.schemas.evaluation import FiredRule, Recommendation, Scores

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from batna.schemas.rules import RulesetSettings

__all__ = ["Outcome", "order_fired", "score"]

_KIND_RANK: Final = {"blocker": 0, "warning": 1, "recommendation": 2}
_SEVERITY_RANK: Final = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """The scored result.

    Attributes:
        scores: The three clamped scores.
        recommendation: The overall recommendation.
        fired: Fired rules in the order §7 prescribes.
        safer_alternative: What to do instead, when the answer is ``do_not_leverage``.
    """

    scores: Scores
    recommendation: Recommendation
    fired: list[FiredRule]
    safer_alternative: str | None


def _clamp(value: int) -> int:
    return max(0, min(100, value))


def order_fired(fired: Sequence[FiredRule]) -> list[FiredRule]:
    """Blockers, then warnings (high → medium → low), then recommendations; ties by id."""
    return sorted(fired, key=lambda r: (_KIND_RANK[r.kind], _SEVERITY_RANK[r.severity], r.id))


def score(
    fired: Sequence[FiredRule], safer: Mapping[str, str], settings: RulesetSettings
) -> Outcome:
    """Score ``fired`` rules and choose the overall recommendation.

    Args:
        fired: The rules that fired, in any order.
        safer: Rule id → its safer alternative, for rules that offer one.
        settings: The ruleset's bases and decision cut-offs.
    """
    bases = settings.bases
    leverage, risk, readiness = bases.leverage_strength, bases.relationship_risk, bases.readiness
    for rule in fired:
        effects = rule.score_effects
        leverage += effects.leverage_strength
        risk += effects.relationship_risk
        readiness += effects.readiness
    scores = Scores(
        leverage_strength=_clamp(leverage),
        relationship_risk=_clamp(risk),
        readiness=_clamp(readiness),
    )
    ordered = order_fired(fired)
    cut = settings.decision
    recommendation: Recommendation
    if any(r.kind == "blocker" for r in ordered) or (
        scores.leverage_strength < cut.do_not_leverage_if_leverage_below
        or scores.relationship_risk >= cut.do_not_leverage_if_risk_at_least
    ):
        recommendation = "do_not_leverage"
    elif (
        scores.leverage_strength >= cut.proceed_if_leverage_at_least
        and scores.relationship_risk <= cut.proceed_if_risk_at_most
        and scores.readiness >= cut.proceed_if_readiness_at_least
        and not any(
            r.kind == "warning" and r.severity in cut.proceed_blocked_by_severity for r in ordered
        )
    ):
        recommendation = "proceed"
    else:
        recommendation = "proceed_with_changes"
    alternative = None
    if recommendation == "do_not_leverage":
        alternative = next((safer[r.id] for r in ordered if r.id in safer), None)
    return Outcome(
        scores=scores, recommendation=recommendation, fired=ordered, safer_alternative=alternative
    )
