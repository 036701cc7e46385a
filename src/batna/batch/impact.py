"""Impact analysis: replay stored decisions against a candidate ruleset and count what changes.

The "before" of a decision is what the store kept as answered, never a re-run; the
"after" is the candidate's evaluation of the kept situation as of the day the decision was
made (``today`` = its creation date, UTC; a situation's own ``as_of_date`` still wins).
Counts go into an ``ImpactTally``, which adds up across chunks: score shifts are kept as
exact histograms (integers from −100 to 100), so percentiles need no second pass.
Records are read a page at a time; memory stays flat however many there are.
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import TYPE_CHECKING, Final, Protocol

import msgspec

from batna.engine.conditions import All, AnyOf, Cmp, Fact, Not, Ref
from batna.schemas.impact import (
    SCORES,
    DecisionScope,
    ImpactChange,
    ImpactOutcome,
    ImpactSummary,
    ImpactTally,
    RuleShift,
    ScoreShift,
    StoredDecision,
)
from batna.schemas.situation import Situation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import timedelta

    from batna.engine import Engine, Ruleset, Rulesets
    from batna.engine.conditions import Cond
    from batna.schemas.evaluation import Evaluation, RulesetRef
    from batna.store import ImpactStore

__all__ = [
    "CHANGED_IDS",
    "DecisionSource",
    "ImpactJob",
    "Replay",
    "analyse",
    "not_comparable",
    "summarise",
]

CHANGED_IDS: Final = 1000
# What the store never keeps of a situation (``batna.api.audit.kept_situation``): a rule
# that reads it cannot be reproduced from a stored decision.
_UNKEPT: Final = frozenset({"person.gender"})
_SITUATION: Final = msgspec.json.Decoder(Situation)
_PAGE: Final = 1000
_LOG: Final = logging.getLogger("batna.batch")


def _reads(cond: Cond, facts: set[str]) -> bool:
    """True if ``cond`` reads an unkept path or one of ``facts``."""
    match cond:
        case Cmp(path=path, value=value):
            return path in _UNKEPT or (isinstance(value, Ref) and value.path in _UNKEPT)
        case Fact(name=name):
            return name in facts
        case All(items=items) | AnyOf(items=items):
            return any(_reads(item, facts) for item in items)
        case Not(item=item):
            return _reads(item, facts)
    return False  # pragma: no cover - Cond has no other node


def not_comparable(ruleset: Ruleset) -> frozenset[str]:
    """Rules that read what the store never keeps, directly or through a derived fact."""
    facts: set[str] = set()
    found: set[str] = set()
    grew = True
    while grew:
        grew = False
        for rule in ruleset.rules:
            if rule.id not in found and _reads(rule.when, facts):
                found.add(rule.id)
                grew = True
                if rule.asserts:
                    facts.add(rule.asserts)
    return frozenset(found)


def _count(into: dict[str, int], keys: Iterable[str]) -> None:
    for key in keys:
        into[key] = into.get(key, 0) + 1


class Replay:
    """One candidate engine replaying decisions into one tally."""

    def __init__(self, engine: Engine, tally: ImpactTally | None = None) -> None:
        self.engine = engine
        self.tally = tally or ImpactTally()
        self.ignored = not_comparable(engine.ruleset)
        for name in SCORES:
            self.tally.shifts.setdefault(name, {})

    def add(self, decision: StoredDecision) -> ImpactChange | None:
        """Replay one decision; its change, or None when nothing changed (or it was skipped)."""
        if decision.situation is None:
            self.tally.skipped += 1
            return None
        situation = _SITUATION.decode(decision.situation)
        after = self.engine.evaluate(situation, today=decision.created_at.date())
        return self.compare(decision, after)

    def add_all(self, decisions: Iterable[StoredDecision]) -> list[ImpactChange]:
        """Replay decisions in order; the changes among them."""
        return [change for d in decisions if (change := self.add(d)) is not None]

    def compare(self, decision: StoredDecision, after: Evaluation) -> ImpactChange | None:
        """Count ``after`` against the stored ``decision``; the change, if any."""
        tally = self.tally
        tally.evaluated += 1
        ignored = self.ignored
        before_rules = {r for r in decision.fired_rules if r not in ignored}
        after_rules = {r.id for r in after.fired_rules if r.id not in ignored}
        _count(tally.rules_before, before_rules)
        _count(tally.rules_after, after_rules)
        was, now = decision.overall_recommendation, after.overall_recommendation
        _count(tally.transitions, (f"{was}→{now}",))
        moved = False
        for name in SCORES:
            shift = getattr(after.scores, name) - getattr(decision.scores, name)
            histogram = tally.shifts[name]
            histogram[shift] = histogram.get(shift, 0) + 1
            moved = moved or shift != 0
        if was == now and not moved and before_rules == after_rules:
            return None
        tally.changed += 1
        return ImpactChange(
            id=decision.id,
            before=ImpactOutcome(overall_recommendation=was, scores=decision.scores),
            after=ImpactOutcome(overall_recommendation=now, scores=after.scores),
            rules_added=sorted(after_rules - before_rules),
            rules_removed=sorted(before_rules - after_rules),
        )


def _percentile(ordered: list[tuple[int, int]], total: int, share: float) -> int:
    """Nearest-rank percentile of a histogram sorted by value."""
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value, count in ordered:
        seen += count
        if seen >= rank:
            return value
    return ordered[-1][0]


def _shift(histogram: dict[int, int]) -> ScoreShift:
    total = sum(histogram.values())
    if not total:
        return ScoreShift(mean=0.0, p10=0, p50=0, p90=0)
    ordered = sorted(histogram.items())
    mean = sum(value * count for value, count in ordered) / total
    return ScoreShift(
        mean=round(mean, 3),
        p10=_percentile(ordered, total, 0.1),
        p50=_percentile(ordered, total, 0.5),
        p90=_percentile(ordered, total, 0.9),
    )


def summarise(
    tally: ImpactTally, candidate: RulesetRef, changed_ids: list[str], ignored: Iterable[str]
) -> ImpactSummary:
    """The summary of a tally (``changed_ids``: the first changed ids, oldest first)."""
    rules = {
        rule: RuleShift(
            before=tally.rules_before.get(rule, 0), after=tally.rules_after.get(rule, 0)
        )
        for rule in sorted(set(tally.rules_before) | set(tally.rules_after))
        if tally.rules_before.get(rule, 0) != tally.rules_after.get(rule, 0)
    }
    return ImpactSummary(
        candidate=candidate,
        evaluated=tally.evaluated,
        skipped=tally.skipped,
        changed=tally.changed,
        transitions=dict(sorted(tally.transitions.items())),
        rules=rules,
        score_shift={name: _shift(tally.shifts.get(name, {})) for name in SCORES},
        changed_ids=changed_ids[:CHANGED_IDS],
        not_compared=sorted(ignored),
    )


class DecisionSource(Protocol):
    """Where stored decisions come from (``batna.store.ImpactStore``)."""

    async def decisions(
        self, scope: DecisionScope, after: str | None, limit: int
    ) -> list[StoredDecision]:
        """Up to ``limit`` decisions in ``scope`` with ids above ``after``, oldest first."""


async def analyse(
    source: DecisionSource,
    engine: Engine,
    scope: DecisionScope,
    *,
    page: int = 1000,
    on_change: Callable[[ImpactChange], None] | None = None,
) -> tuple[ImpactSummary, ImpactTally]:
    """Replay every decision in ``scope`` against ``engine``, a page at a time.

    The next page is read while the current one is evaluated (in a thread), so the
    database and the engine overlap. ``on_change`` sees each change, oldest first.
    """
    replay = Replay(engine)
    changed_ids: list[str] = []
    upcoming: asyncio.Task[list[StoredDecision]] | None = asyncio.create_task(
        source.decisions(scope, None, page)
    )
    while upcoming is not None:
        rows = await upcoming
        upcoming = None
        if len(rows) == page:
            upcoming = asyncio.create_task(source.decisions(scope, rows[-1].id, page))
        for change in await asyncio.to_thread(replay.add_all, rows):
            if len(changed_ids) < CHANGED_IDS:
                changed_ids.append(change.id)
            if on_change is not None:
                on_change(change)
    return summarise(replay.tally, engine.ref, changed_ids, replay.ignored), replay.tally


class ImpactJob:
    """A worker's share of the impact analyses: claim a chunk, replay it, write it once.

    The server's ``BatchRunner`` calls ``step`` when it finds no batch chunk to do, so
    batches and analyses share one worker per process and the same leases.
    """

    def __init__(self, store: ImpactStore, rulesets: Rulesets, lease: timedelta) -> None:
        self.store = store
        self.rulesets = rulesets
        self.lease = lease

    async def step(self, worker: str) -> bool:
        """Replay one chunk of an analysis whose candidate this process has loaded."""
        loaded = [engine.tag for engine in self.rulesets.loaded()]
        claim = await self.store.claim(worker, self.lease, loaded)
        if claim is None:
            return False
        replay = Replay(self.rulesets.get(claim.candidate))
        changes: list[ImpactChange] = []
        after: str | None = None
        while True:
            rows = await self.store.decisions(claim.scope, after, _PAGE)
            changes += await asyncio.to_thread(replay.add_all, rows)
            if len(rows) < _PAGE:
                break
            after = rows[-1].id
        if not await self.store.complete(claim, worker, replay.tally, changes):
            _LOG.warning(
                "impact chunk %s/%s was taken over; results dropped", claim.analysis_id, claim.chunk
            )
        return True
