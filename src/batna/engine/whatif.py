"""What-if: the smallest sets of the person's own changes that measurably improve the evaluation.

The changes come from the rules themselves: each rule that fired lists its remedies
(``rules/*/remedies.yaml``), and only those are tried, one at a time, then in pairs,
then in threes, within a cap on evaluations. Every candidate goes through the same
validation and evaluation as a request, so a suggestion reports exactly what the changed
situation evaluates to. What counts as better is the ruleset's too (``what_if`` in
``ruleset.yaml``); this module holds no threshold of its own.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.engine.metrics import round2
from batna.errors import ValidationFailed
from batna.schemas.evaluation import Change, Evaluation, Move, Suggestion, WhatIf

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from batna.engine.bundle import Remedy
    from batna.schemas.rules import Score, WhatIfSettings
    from batna.schemas.situation import Situation

__all__ = ["apply_changes", "improvements", "moves_for", "what_if"]

_ORDER: Final = ("do_not_leverage", "proceed_with_changes", "proceed")  # worst first
_BETTER_HIGH: Final = ("leverage_strength", "readiness")  # relationship_risk: lower is better


def _document(situation: Situation) -> dict[str, Any]:
    built: dict[str, Any] = msgspec.to_builtins(situation, builtin_types=(Decimal,))
    return built


def apply_changes(document: dict[str, Any], changes: Sequence[Change]) -> dict[str, Any]:
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


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def moves_for(
    remedies: Sequence[Remedy], document: dict[str, Any], value_of: Callable[[str], object]
) -> list[Move]:
    """The remedies as moves on this situation; those that change nothing are dropped."""
    moves: list[Move] = []
    for remedy in remedies:
        changes: list[Change] = []
        for spec in remedy.changes:
            section, field = spec.path.split(".")
            previous = document.get(section, {}).get(field)
            value: object
            if spec.add is not None:
                value = [*(previous or []), spec.add] if spec.add not in (previous or []) else None
                if value is None:
                    break
            elif spec.copy is not None:
                source = value_of(spec.copy)
                if source is None:
                    break  # nothing to compute it from
                if spec.times is not None and isinstance(source, Decimal | int):
                    source = round2(Decimal(source) * spec.times)
                value = _json_value(source)
            else:
                value = spec.value
            changes.append(Change(path=f"/{section}/{field}", value=value, previous=previous))
        else:
            if any(c.value != c.previous for c in changes):
                moves.append(Move(id=remedy.id, description=remedy.description, changes=changes))
    return moves


def _raised(before: Evaluation, after: Evaluation) -> int:
    """How many steps the recommendation rose (negative: it fell)."""
    return _ORDER.index(after.overall_recommendation) - _ORDER.index(before.overall_recommendation)


def improvements(
    before: Evaluation,
    after: Evaluation,
    settings: WhatIfSettings,
    score_names: Mapping[Score, str],
) -> list[str]:
    """What got better, in words; empty when nothing did or when something got worse.

    Better: the recommendation rises; a blocker, or a warning of the configured
    severities, stops firing; a score moves the right way by the configured step. Worse,
    which disqualifies: the recommendation falls, or a warning or blocker starts firing.
    """
    gained = _raised(before, after)
    before_ids = {r.id for r in before.fired_rules}
    after_ids = {r.id for r in after.fired_rules}
    if gained < 0 or any(
        r.kind != "recommendation" and r.id not in before_ids for r in after.fired_rules
    ):
        return []
    out: list[str] = []
    if gained:
        out.append(
            f"recommendation {before.overall_recommendation.replace('_', ' ')}"
            f" → {after.overall_recommendation.replace('_', ' ')}"
        )
    out += [
        f"removes {r.id} ({r.title})"
        for r in before.fired_rules
        if r.id not in after_ids
        and (
            r.kind == "blocker"
            or (r.kind == "warning" and r.severity in settings.removes_severities)
        )
    ]
    for score, name in score_names.items():
        was, now = getattr(before.scores, score), getattr(after.scores, score)
        moved = now - was if score in _BETTER_HIGH else was - now
        if moved >= settings.score_step:
            out.append(f"{name.lower()} {was} → {now}")
    return out


def what_if(  # noqa: PLR0913 - the search's inputs, each needed
    situation: Situation,
    evaluation: Evaluation,
    evaluate_document: Callable[[dict[str, Any]], Evaluation],
    *,
    remedies: Sequence[Remedy],
    value_of: Callable[[str], object],
    settings: WhatIfSettings,
    score_names: Mapping[Score, str],
    cap: int,
    max_moves: int,
    limit: int,
) -> WhatIf:
    """Try sets of up to ``max_moves`` remedies, within ``cap`` evaluations.

    ``evaluate_document`` validates and evaluates a changed situation document; a change
    set that makes the situation invalid is skipped (it counts against the cap). A set is
    kept when it improves the evaluation and no smaller kept set is inside it. Ranking:
    the recommendation raised furthest, then the most blockers and warnings removed, then
    the fewest moves.
    """
    doc = _document(situation)
    moves = moves_for(remedies, doc, value_of)
    found: list[tuple[tuple[object, ...], Suggestion]] = []
    kept: list[frozenset[str]] = []
    used = 0
    truncated = False
    before_ids = {r.id for r in evaluation.fired_rules}
    for size in range(1, max_moves + 1):
        for combo in itertools.combinations(moves, size):
            ids = frozenset(m.id for m in combo)
            paths = [c.path for m in combo for c in m.changes]
            if len(set(paths)) != len(paths) or any(k <= ids for k in kept):
                continue  # two moves editing one field, or not minimal
            if used >= cap:
                truncated = True
                break
            used += 1
            try:
                after = evaluate_document(apply_changes(doc, [c for m in combo for c in m.changes]))
            except ValidationFailed:
                continue
            better = improvements(evaluation, after, settings, score_names)
            if not better:
                continue
            kept.append(ids)
            after_ids = {r.id for r in after.fired_rules}
            removed = [
                r
                for r in evaluation.fired_rules
                if r.id not in after_ids and r.kind != "recommendation"
            ]
            b, a = evaluation.scores, after.scores
            suggestion = Suggestion(
                moves=list(combo),
                overall_before=evaluation.overall_recommendation,
                overall_after=after.overall_recommendation,
                blockers_removed=sorted(r.id for r in removed if r.kind == "blocker"),
                improvements=better,
                score_gain=(a.leverage_strength - b.leverage_strength)
                + (b.relationship_risk - a.relationship_risk)
                + (a.readiness - b.readiness),
                rules_stopped=sorted(before_ids - after_ids),
                rules_started=sorted(after_ids - before_ids),
                evaluation=after,
            )
            raised = _raised(evaluation, after)
            serious = sum(
                r.kind == "blocker" or r.severity in settings.removes_severities for r in removed
            )
            found.append(((-raised, -serious, size, sorted(ids)), suggestion))
        if truncated:
            break
    found.sort(key=lambda item: item[0])
    return WhatIf(
        evaluation=evaluation,
        suggestions=[s for _, s in found[:limit]],
        evaluations_used=used,
        cap=cap,
        truncated=truncated,
    )
