"""Parts of docs/rules.md restated in plain Python, straight from the spec's tables.

The engine reads its policy from ``rules/``; these functions read the spec instead, so a
test that compares the two catches a rule file, a compiler or a scorer that drifted. Only
what the tests compare is restated: §11.5's decision table and the comparisons whose
exactness §11 requires (amounts, runways and notice periods to any precision).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from batna.schemas.evaluation import Evaluation

__all__ = ["OVERALL", "exact_rules", "expected_clause", "heads_up"]

OVERALL = {
    "blocker": "do_not_leverage",
    "weak_or_risky_leverage": "do_not_leverage",
    "strong_position": "proceed",
    "plain_ask_ready": "proceed",
    "changes_needed": "proceed_with_changes",
}


def heads_up(document: dict[str, Any]) -> bool:
    """§11.2: a hint mentioned openly, with a question, not asking for a counter."""
    ask = document["ask"]
    return (
        document["outside_offer"]["status"] == "hint"
        and ask["disclosure_to_manager"] == "vague"
        and ask["framing"] in ("question", "collaborative")
        and ask["type"] != "counteroffer"
    )


def expected_clause(document: dict[str, Any], evaluation: Evaluation) -> str:
    """§11.5's table, from the document, the scores and the fired rules (FAIR-* ignored)."""
    fired = [r for r in evaluation.fired_rules if not r.id.startswith("FAIR-")]
    scores = evaluation.scores
    lev, risk, ready = scores.leverage_strength, scores.relationship_risk, scores.readiness
    derived = evaluation.derived
    pressure = derived.hardball or (derived.uses_offer and not heads_up(document))
    warning = any(r.kind == "warning" and r.severity in ("high", "medium") for r in fired)
    if any(rule.kind == "blocker" for rule in fired):
        return "blocker"
    if pressure and (lev < 30 or risk >= 70):
        return "weak_or_risky_leverage"
    if lev >= 50 and risk <= 40 and ready >= 40 and not warning:
        return "strong_position"
    if not pressure and risk <= 40 and ready >= 40 and not warning:
        return "plain_ask_ready"
    return "changes_needed"


def _round(target: Decimal) -> bool:
    return target == int(target) and len(str(int(target)).rstrip("0")) <= 3


def exact_rules(document: dict[str, Any]) -> dict[str, bool]:
    """Whether WALK-003, EXIT-002, ANCH-002, ANCH-004 and ANCH-005 fire (§6, §11.3), in Decimal.

    Valid for an employee's situation whose gender the engine reads as sent.
    """
    person, alt, ask = document["person"], document["alternatives"], document["ask"]
    prep, exit_plan = document.get("preparation", {}), document.get("exit_plan", {})
    runway = alt.get("savings_runway_months")
    notice, contract = (
        exit_plan.get("notice_period_weeks"),
        exit_plan.get("contractual_notice_weeks"),
    )
    target, baseline = ask.get("target_amount"), person.get("current_base_salary")
    low, high = ask.get("proposed_range_low"), ask.get("proposed_range_high")
    below = target is not None and baseline is not None and Decimal(target) < Decimal(baseline)
    return {
        "WALK-003": alt["prepared_to_walk_away"] is True
        and alt["batna_strength"] in ("none", "weak")
        and (runway is None or Decimal(runway) < 3),
        "EXIT-002": notice is not None
        and contract is not None
        and Decimal(notice) < Decimal(contract),
        "ANCH-002": low is not None
        and high is not None
        and target is not None
        and Decimal(low) < Decimal(target),
        "ANCH-004": below,
        "ANCH-005": target is not None
        and _round(Decimal(target))
        and prep.get("market_data_gathered") is True
        and not below,
    }
