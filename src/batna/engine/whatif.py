"""What-if: the smallest sets of changes a person can make that improve their evaluation.

Only the person's own choices move (RULES.md §3: framing, tone, disclosure, the ask's
target and range, reasons given, preparation, exit plan, timing), never facts about
the world (the offer, salaries, the organisation, gender). Moves are tried one at a
time, then in pairs, then in threes; a set is kept only if it raises the overall
recommendation or removes a blocker and no smaller kept set is inside it. Every
candidate goes through the same validation and evaluation as a request, so what the
search reports is exactly what the changed situation evaluates to.
"""

from __future__ import annotations

import copy
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.engine.metrics import round2
from batna.errors import ValidationFailed
from batna.schemas.evaluation import Change, Evaluation, Move, Suggestion, WhatIf

if TYPE_CHECKING:
    from collections.abc import Callable

    from batna.schemas.situation import Situation

__all__ = ["apply_changes", "candidate_moves", "what_if"]

_LEVEL: Final = {"do_not_leverage": 0, "proceed_with_changes": 1, "proceed": 2}
_PREPARATION: Final = {
    "market_data_gathered": "Gather market pay data for the role",
    "best_precedent_known": "Find out the best outcome anyone in your position has had",
    "company_negotiation_norms_known": "Learn how the organisation handles outside offers",
    "mentors_consulted": "Talk it through with a mentor",
    "role_play_done": "Rehearse the conversation",
    "impact_evidence_prepared": "Prepare evidence of your impact",
    "manager_tipped_off_early": "Tell your manager early that an offer exists",
}
_JUSTIFICATIONS: Final = {
    "market_data": "Cite market data",
    "impact_evidence": "Cite your impact",
    "company_benefit": "Explain what the organisation gains",
    "relational_account": "Explain why the ask is legitimate for the team and you",
    "career_growth": "Tie the ask to your growth",
    "role_scope": "Point to the scope of the role",
}
_CONCRETE: Final = frozenset({"verbal", "written", "signed"})


def _document(situation: Situation) -> dict[str, Any]:
    built: dict[str, Any] = msgspec.to_builtins(situation, builtin_types=(Decimal,))
    return built


def apply_changes(document: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """A copy of ``document`` with each change applied (``None`` removes the field)."""
    out = copy.deepcopy(document)
    for change in changes:
        *parents, leaf = change.path.strip("/").split("/")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        if change.value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = change.value
    return out


def _move(
    move_id: str, description: str, doc: dict[str, Any], edits: list[tuple[str, object]]
) -> Move:
    changes = []
    for path, value in edits:
        section, field = path.strip("/").split("/")
        previous = doc.get(section, {}).get(field)
        changes.append(Change(path=path, value=value, previous=previous))
    return Move(id=move_id, description=description, changes=changes)


def candidate_moves(situation: Situation, evaluation: Evaluation) -> list[Move]:  # noqa: C901
    """Every single move that changes something the person controls."""
    doc = _document(situation)
    ask, offer, person = situation.ask, situation.outside_offer, situation.person
    framings = {
        "question": "Ask it as an open question",
        "collaborative": "Frame it as a joint problem",
    }
    moves: list[Move] = [
        _move(f"framing:{framing}", words, doc, [("/ask/framing", framing)])
        for framing, words in framings.items()
        if ask.framing != framing
    ]
    if ask.tone == "dismissive":
        moves.append(
            _move(
                "tone:appreciative",
                "Speak appreciatively of the organisation",
                doc,
                [("/ask/tone", "appreciative")],
            )
        )
    allowed = (
        ("none",)
        if offer.status == "none"
        else (("vague", "none") if offer.status == "hint" else ("exact", "vague", "none"))
    )
    for disclosure in allowed:
        if ask.disclosure_to_manager != disclosure:
            words = {
                "exact": "Tell your manager the exact offer",
                "vague": "Mention the offer without its terms",
                "none": "Leave the offer out of the conversation",
            }[disclosure]
            moves.append(
                _move(
                    f"disclosure:{disclosure}",
                    words,
                    doc,
                    [("/ask/disclosure_to_manager", disclosure)],
                )
            )
    for reason, words in _JUSTIFICATIONS.items():
        if reason not in ask.justifications:
            moves.append(
                _move(
                    f"justification:{reason}",
                    words,
                    doc,
                    [("/ask/justifications", [*ask.justifications, reason])],
                )
            )
    if ask.scope_reframe:
        moves.append(
            _move(
                "scope_reframe:off",
                "Agree the scope before pricing it",
                doc,
                [("/ask/scope_reframe", False)],
            )
        )
    target = ask.target_amount
    baseline = evaluation.derived.baseline_amount
    pct = evaluation.derived.ask_over_baseline_pct
    if target is not None and pct is not None and pct > 20 and baseline is not None:
        new_target = round2(baseline * Decimal("1.2"))
        edits: list[tuple[str, object]] = [("/ask/target_amount", new_target)]
        if ask.proposed_range_low is not None:
            edits += [
                ("/ask/proposed_range_low", new_target),
                ("/ask/proposed_range_high", round2(new_target * Decimal("1.2"))),
            ]
        moves.append(
            _move("target:moderate", "Bring the target to 20% over your baseline", doc, edits)
        )
    range_ = evaluation.suggested_range
    if (
        target is not None
        and range_ is not None
        and (
            ask.proposed_range_low is None
            or ask.proposed_range_low != range_.low
            or ask.proposed_range_high != range_.high
        )
    ):
        moves.append(
            _move(
                "range:bolstering",
                "State a range that starts at your target",
                doc,
                [
                    ("/ask/proposed_range_low", range_.low),
                    ("/ask/proposed_range_high", range_.high),
                ],
            )
        )
    prep = situation.preparation
    for flag, words in _PREPARATION.items():
        if getattr(prep, flag) is not True:
            moves.append(_move(f"preparation:{flag}", words, doc, [(f"/preparation/{flag}", True)]))
    if person.negotiating_as == "employee":
        plan = situation.exit_plan
        if plan.transition_plan_prepared is not True:
            moves.append(
                _move(
                    "exit:transition_plan",
                    "Draft a transition plan",
                    doc,
                    [("/exit_plan/transition_plan_prepared", True)],
                )
            )
        if plan.keep_in_touch_plan is not True:
            moves.append(
                _move(
                    "exit:keep_in_touch",
                    "Plan to keep in touch if you leave",
                    doc,
                    [("/exit_plan/keep_in_touch_plan", True)],
                )
            )
        notice = max(Decimal(4), plan.contractual_notice_weeks or Decimal(0))
        if plan.notice_period_weeks is None or plan.notice_period_weeks < notice:
            moves.append(
                _move(
                    "exit:notice",
                    f"Plan to give {notice} weeks' notice",
                    doc,
                    [("/exit_plan/notice_period_weeks", notice)],
                )
            )
    if ask.timing_context == "performance_review" or (
        situation.organisation.budget_phase == "locked"
    ):
        moves.append(
            _move(
                "timing:budget_planning",
                "Raise it while next year's budget is set",
                doc,
                [("/ask/timing_context", "budget_planning")],
            )
        )
    if (
        offer.status in _CONCRETE
        and ask.planned_date is not None
        and situation.as_of_date is not None
        and ask.planned_date > situation.as_of_date
    ):
        moves.append(
            _move("timing:sooner", "Have the conversation now", doc, [("/ask/planned_date", None)])
        )
    return moves


def _improves(before: Evaluation, after: Evaluation) -> bool:
    if _LEVEL[after.overall_recommendation] > _LEVEL[before.overall_recommendation]:
        return True
    blockers = {r.id for r in before.fired_rules if r.kind == "blocker"}
    remaining = {r.id for r in after.fired_rules if r.kind == "blocker"}
    return (
        bool(blockers)
        and remaining < blockers
        and (_LEVEL[after.overall_recommendation] >= _LEVEL[before.overall_recommendation])
    )


def _gain(before: Evaluation, after: Evaluation) -> int:
    b, a = before.scores, after.scores
    return (
        (a.leverage_strength - b.leverage_strength)
        + (b.relationship_risk - a.relationship_risk)
        + (a.readiness - b.readiness)
    )


def what_if(
    situation: Situation,
    evaluation: Evaluation,
    evaluate_document: Callable[[dict[str, Any]], Evaluation],
    *,
    cap: int,
    max_moves: int = 3,
    limit: int = 10,
) -> WhatIf:
    """Search up to ``max_moves`` moves at a time, within ``cap`` evaluations.

    ``evaluate_document`` validates and evaluates a changed situation document; a change
    set that makes the situation invalid is skipped (it counts against the cap).
    """
    doc = _document(situation)
    moves = candidate_moves(situation, evaluation)
    found: list[tuple[int, int, frozenset[str], Suggestion]] = []
    kept: list[frozenset[str]] = []
    used = 0
    truncated = False
    before_ids = {r.id for r in evaluation.fired_rules}
    for size in range(1, max_moves + 1):
        if len(found) >= limit:
            break  # larger sets rank below every set already found
        for combo in itertools.combinations(moves, size):
            ids = frozenset(m.id for m in combo)
            paths = [c.path for m in combo for c in m.changes]
            if len(set(paths)) != len(paths) or any(k <= ids for k in kept):
                continue  # two moves editing one field, or not minimal
            if used >= cap:
                truncated = True
                break
            used += 1
            changes = [c for m in combo for c in m.changes]
            try:
                after = evaluate_document(apply_changes(doc, changes))
            except ValidationFailed:
                continue
            if not _improves(evaluation, after):
                continue
            kept.append(ids)
            after_ids = {r.id for r in after.fired_rules}
            suggestion = Suggestion(
                moves=list(combo),
                overall_before=evaluation.overall_recommendation,
                overall_after=after.overall_recommendation,
                blockers_removed=sorted(
                    r.id
                    for r in evaluation.fired_rules
                    if r.kind == "blocker" and r.id not in after_ids
                ),
                score_gain=_gain(evaluation, after),
                rules_stopped=sorted(before_ids - after_ids),
                rules_started=sorted(after_ids - before_ids),
                evaluation=after,
            )
            found.append((size, -suggestion.score_gain, ids, suggestion))
        if truncated:
            break
    found.sort(key=lambda item: (item[0], item[1], sorted(item[2])))
    return WhatIf(
        evaluation=evaluation,
        suggestions=[s for *_, s in found[:limit]],
        evaluations_used=used,
        cap=cap,
        truncated=truncated,
    )
