"""The evaluation (docs/rules.md §7): what batna answers for one situation.

Output Structs are built by the engine and scoring and encoded with decimals as JSON
numbers. ``fired_rules`` explain themselves: each names its rule, its source keys and
the conditions that held when it fired.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import msgspec

from batna.schemas.rules import Kind, Severity, Weights

__all__ = [
    "Change",
    "Condition",
    "DataNotice",
    "Decision",
    "DecisionClause",
    "Derived",
    "Evaluation",
    "FiredRule",
    "Move",
    "Recommendation",
    "RulesetRef",
    "ScoreEffects",
    "Scores",
    "SuggestedRange",
    "Suggestion",
    "WhatIf",
    "effects_of",
]

Recommendation = Literal["proceed", "proceed_with_changes", "do_not_leverage"]
DecisionClause = Literal[
    "blocker", "weak_or_risky_leverage", "strong_position", "plain_ask_ready", "changes_needed"
]


class _Output(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every output Struct."""


class RulesetRef(_Output, frozen=True, kw_only=True):
    """Which rules produced an evaluation, so it can be explained and reproduced later.

    Attributes:
        name: Ruleset name.
        version: Ruleset version.
        revision: SHA-256 of the rule bundle's files.
    """

    name: str
    version: str
    revision: str


class Scores(_Output, frozen=True, kw_only=True):
    """The three scores, each clamped to 0-100.

    Attributes:
        leverage_strength: Real bargaining power; higher is better.
        relationship_risk: Likely damage to the relationship; higher is worse.
        readiness: Preparedness for the talk and for its failure; higher is better.
    """

    leverage_strength: int
    relationship_risk: int
    readiness: int


class ScoreEffects(_Output, frozen=True, kw_only=True, omit_defaults=True):
    """What one fired rule added to each score (zero effects omitted).

    Attributes:
        leverage_strength: Delta to leverage strength.
        relationship_risk: Delta to relationship risk.
        readiness: Delta to readiness.
    """

    leverage_strength: int = 0
    relationship_risk: int = 0
    readiness: int = 0


def effects_of(weights: Weights) -> ScoreEffects:
    """A rule's weights as the score effects reported when it fires."""
    return ScoreEffects(
        leverage_strength=weights.leverage_strength,
        relationship_risk=weights.relationship_risk,
        readiness=weights.readiness,
    )


class Condition(_Output, frozen=True, kw_only=True, omit_defaults=True):
    """One condition that held when a rule fired.

    Attributes:
        path: Situation path (``ask.framing``), metric (``metrics.…``) or ``fact:NAME``.
        op: Operator (``eq``, ``lt``, ``fact`` …), prefixed ``not `` when negated.
        expected: The value the rule compares with, as text.
        actual: The situation's value, as text (absent when unknown).
        label: The rule author's words for this condition.
    """

    path: str
    op: str
    expected: str | None = None
    actual: str | None = None
    label: str | None = None


class FiredRule(_Output, frozen=True, kw_only=True):
    """A rule that fired.

    Attributes:
        id: Rule id.
        title: Short name.
        category: Rule category.
        kind: ``blocker``, ``warning`` or ``recommendation``.
        severity: ``critical`` (blockers), ``high``/``medium``/``low`` or ``info``.
        score_effects: What it added to the scores.
        message: Advice for the person, filled in from the situation.
        sources: Keys of the sources it rests on (see the ruleset's sources).
        conditions: The conditions that held.
    """

    id: str
    title: str
    category: str
    kind: Kind
    severity: Severity
    score_effects: ScoreEffects
    message: str
    sources: list[str]
    conditions: list[Condition]


class Derived(_Output, frozen=True, kw_only=True):
    """Derived figures and facts (docs/rules.md §5).

    Attributes:
        baseline_amount: Current base (employee) or counterparty offer base (candidate).
        ask_over_baseline_pct: Target over baseline, percent.
        offer_base_in_person_currency: Offer base in the person's currency.
        offer_premium_pct: Converted offer over baseline, percent.
        days_to_expiry: Days from the reference date to the offer's expiry.
        offer_expired: The offer expired before ``as_of_date``.
        prep_count: Preparation items confirmed (0-7).
        uses_offer: The offer will be used in the negotiation.
        hardball: Ultimatum, disdain, or a hint passed off as an offer.
        credible_walkaway: Ready to leave for a live, concrete offer they would take.
        offer_concrete: The offer has stated terms (verbal, written or signed).
        offer_firm: The offer is in writing (written or signed).
        monetary: The ask is about pay (raise, counteroffer, promotion).
        backlash_applicable: The fairness advisories apply (opted-in, woman).
        offer_lapses_before_talk: The offer is live today but lapses before the planned
            conversation (new in 1.1.0; the defaults below read records stored before it).
        offer_total_premium_pct: Employees: the offer's total pay over current total pay,
            percent.
        range_width_pct: The proposed range's high end over its low end, percent.
    """

    baseline_amount: Decimal | None
    ask_over_baseline_pct: Decimal | None
    offer_base_in_person_currency: Decimal | None
    offer_premium_pct: Decimal | None
    days_to_expiry: int | None
    offer_expired: bool
    prep_count: int
    uses_offer: bool
    hardball: bool
    credible_walkaway: bool
    offer_concrete: bool
    offer_firm: bool
    monetary: bool
    backlash_applicable: bool
    offer_lapses_before_talk: bool = False
    offer_total_premium_pct: Decimal | None = None
    range_width_pct: Decimal | None = None


class SuggestedRange(_Output, frozen=True, kw_only=True):
    """A bolstering range: the target as the low end.

    Attributes:
        low: The target.
        high: Target × the ruleset's multiplier (1.2).
        currency: The person's currency.
    """

    low: Decimal
    high: Decimal
    currency: str


class DataNotice(_Output, frozen=True, kw_only=True):
    """An informational notice about the input; never changes scores.

    Attributes:
        id: ``DATA-001`` … ``DATA-005``.
        message: What was noticed and what was done about it.
    """

    id: str
    message: str


class Decision(_Output, frozen=True, kw_only=True):
    """Why the overall recommendation is what it is.

    Attributes:
        clause: The first clause of the decision table that matched (docs/rules.md §11.5).
        reasons: Sentences saying why it matched: the blockers, the thresholds met or
            missed, or the warnings to address.
    """

    clause: DecisionClause
    reasons: list[str]


class Evaluation(_Output, frozen=True, kw_only=True, omit_defaults=True):
    """The evaluation of one situation.

    Attributes:
        id: The audit record's id, when the evaluation was stored (``POST /v1/evaluations``).
        ruleset_version: Version of the ruleset (kept for v1 clients; see ``ruleset``).
        ruleset: Name, version and revision of the rules applied.
        overall_recommendation: ``proceed``, ``proceed_with_changes`` or ``do_not_leverage``.
        decision: The decision clause and its reasons (absent only on records stored by
            ruleset versions before 1.1.0).
        scores: The three scores.
        derived: Derived figures and facts.
        suggested_range: The bolstering range, whenever a target is given.
        fired_rules: Blockers, then warnings (high → low), then recommendations; ties by id.
        data_notices: Notices about the input.
        safer_alternative: What to do instead, when the answer is ``do_not_leverage``.
        hint: The best single change, when the caller asked for one (``?hint=true``).
    """

    id: str | None = None
    ruleset_version: str
    ruleset: RulesetRef
    overall_recommendation: Recommendation
    decision: Decision | None = None
    scores: Scores
    derived: Derived
    suggested_range: SuggestedRange | None
    fired_rules: list[FiredRule]
    data_notices: list[DataNotice]
    safer_alternative: str | None = None
    hint: Suggestion | None = None


class Change(_Output, frozen=True, kw_only=True):
    """One field a person could set differently.

    Attributes:
        path: JSON pointer of the field in the situation (``/ask/framing``).
        value: The new value (``null`` removes the field). Missing parent objects are
            created when the change is applied.
        previous: The value it replaces (``null`` when the field was absent).
    """

    path: str
    value: Any
    previous: Any = None


class Move(_Output, frozen=True, kw_only=True):
    """A change a person can make, as one or more field edits.

    Attributes:
        id: Stable id of the move (``framing:question``).
        description: What to do, in words.
        changes: The field edits it makes.
    """

    id: str
    description: str
    changes: list[Change]


class Suggestion(_Output, frozen=True, kw_only=True):
    """A smallest set of moves that improves the outcome, and what it leads to.

    Attributes:
        moves: The moves, applied together.
        overall_before: The recommendation now.
        overall_after: The recommendation after the moves.
        blockers_removed: Blockers that no longer fire.
        improvements: What got better, in words ("relationship risk 65 → 35",
            "removes FRAME-001"): the reasons the suggestion was kept.
        score_gain: Deprecated, kept for v1 clients: leverage gained + relationship
            risk shed + readiness gained. It adds unlike scales; read ``improvements``.
        rules_stopped: Rules that fire now and would not after the moves.
        rules_started: Rules that would fire after the moves and do not now.
        evaluation: The full evaluation after the moves.
    """

    moves: list[Move]
    overall_before: Recommendation
    overall_after: Recommendation
    blockers_removed: list[str]
    improvements: list[str] = []
    score_gain: int
    rules_stopped: list[str]
    rules_started: list[str]
    evaluation: Evaluation


class WhatIf(_Output, frozen=True, kw_only=True):
    """The smallest changes that would improve an evaluation.

    Attributes:
        evaluation: The situation's evaluation as it stands.
        suggestions: Improving sets of moves: fewest moves first, then by score gain.
        evaluations_used: Situations evaluated by the search.
        cap: The most evaluations the search could use.
        truncated: True when the cap cut the search short (larger sets left unexplored).
    """

    evaluation: Evaluation
    suggestions: list[Suggestion]
    evaluations_used: int
    cap: int
    truncated: bool
