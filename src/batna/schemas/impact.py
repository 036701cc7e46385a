"""What an impact analysis reports: stored decisions replayed against a candidate ruleset.

``ImpactTally`` is the mergeable running count (each chunk of a leased analysis keeps its
own, the summary adds them up); ``ImpactSummary`` is what the CLI prints and the API
answers; ``ImpactChange`` is one line of the changes stream.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from batna.schemas.evaluation import Recommendation, RulesetRef, Scores
from batna.schemas.rules import RULESET_TAG

__all__ = [
    "SCORES",
    "AnalysisStatus",
    "DecisionScope",
    "ImpactAnalysis",
    "ImpactChange",
    "ImpactOutcome",
    "ImpactRequest",
    "ImpactSummary",
    "ImpactTally",
    "RuleShift",
    "ScoreShift",
    "StoredDecision",
]

SCORES: tuple[str, ...] = ("leverage_strength", "relationship_risk", "readiness")

AnalysisStatus = Literal["queued", "running", "done"]


class ImpactRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``POST /v1/impact-analyses``: which candidate, over which stored decisions.

    Attributes:
        candidate: A loaded ruleset version, ``name@version`` (see ``GET /v1/rulesets``); a
            well-formed one that the server does not load is a 422 (UNKNOWN_RULESET).
        since: Only decisions made on or after this day (UTC).
        until: Only decisions made on or before this day (UTC).
    """

    candidate: Annotated[str, msgspec.Meta(min_length=7, max_length=100, pattern=RULESET_TAG)]
    since: date | None = None
    until: date | None = None


class DecisionScope(msgspec.Struct, frozen=True, kw_only=True):
    """Which stored decisions a replay reads.

    Attributes:
        tenant_id: Only this tenant's (None: every tenant's, for the operator's CLI).
        since: Only decisions made at or after this instant.
        before: Only decisions made before this instant.
        first_id: Only ids from this one (a chunk's first), inclusive.
        last_id: Only ids up to this one (a chunk's last), inclusive.
    """

    tenant_id: str | None = None
    since: datetime | None = None
    before: datetime | None = None
    first_id: str | None = None
    last_id: str | None = None


class StoredDecision(msgspec.Struct, frozen=True, kw_only=True):
    """A stored evaluation as a replay reads it (the store's copied-out columns).

    Attributes:
        id: The record's id.
        created_at: When it was evaluated (UTC); its date is the replay's ``today``.
        situation: The situation as kept (JSON), or None when the caller opted out.
        overall_recommendation: The recommendation as answered.
        scores: The scores as answered.
        fired_rules: The rules that fired, as answered.
    """

    id: str
    created_at: datetime
    situation: str | None
    overall_recommendation: Recommendation
    scores: Scores
    fired_rules: list[str]


class ImpactOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """One side of a replayed decision.

    Attributes:
        overall_recommendation: The overall recommendation.
        scores: The three scores.
    """

    overall_recommendation: Recommendation
    scores: Scores


class ImpactChange(msgspec.Struct, frozen=True, kw_only=True):
    """A stored decision the candidate would decide differently.

    Attributes:
        id: The evaluation record's id.
        before: What was stored (the decision as it was answered).
        after: What the candidate answers for the same situation, as of the same day.
        rules_added: Rules that fire with the candidate only.
        rules_removed: Rules that fired then and no longer do.
    """

    id: str
    before: ImpactOutcome
    after: ImpactOutcome
    rules_added: list[str]
    rules_removed: list[str]


class ImpactTally(msgspec.Struct, kw_only=True):
    """Running counts of a replay, mergeable across chunks (kept per chunk as JSON).

    Attributes:
        evaluated: Decisions replayed.
        skipped: Decisions whose situation was not kept (``store_situation=false``).
        changed: Decisions with another recommendation, score or set of rules.
        transitions: Count per ``before→after`` recommendation (unchanged ones too).
        rules_before: Firing count per rule, as stored.
        rules_after: Firing count per rule, with the candidate.
        shifts: Per score, how many decisions moved by each amount (after − before).
    """

    evaluated: int = 0
    skipped: int = 0
    changed: int = 0
    transitions: dict[str, int] = {}
    rules_before: dict[str, int] = {}
    rules_after: dict[str, int] = {}
    shifts: dict[str, dict[int, int]] = {}

    def merge(self, other: ImpactTally) -> ImpactTally:
        """Add ``other``'s counts to this tally (returned)."""
        self.evaluated += other.evaluated
        self.skipped += other.skipped
        self.changed += other.changed
        for mine, theirs in (
            (self.transitions, other.transitions),
            (self.rules_before, other.rules_before),
            (self.rules_after, other.rules_after),
        ):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        for name, histogram in other.shifts.items():
            target = self.shifts.setdefault(name, {})
            for shift, count in histogram.items():
                target[shift] = target.get(shift, 0) + count
        return self


class ScoreShift(msgspec.Struct, frozen=True, kw_only=True):
    """How one score moved (after − before) over the replayed decisions.

    Attributes:
        mean: Mean shift.
        p10: 10th percentile.
        p50: Median.
        p90: 90th percentile.
    """

    mean: float
    p10: int
    p50: int
    p90: int


class RuleShift(msgspec.Struct, frozen=True, kw_only=True):
    """How often a rule fired, as stored and with the candidate.

    Attributes:
        before: Decisions it fired in, as stored.
        after: Decisions it fires in with the candidate.
    """

    before: int
    after: int


class ImpactSummary(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of replaying stored decisions against a candidate ruleset.

    Attributes:
        candidate: The ruleset replayed against (name, version, revision).
        evaluated: Decisions replayed, each as of the day it was made.
        skipped: Decisions whose situation was not kept, so cannot be replayed.
        changed: Decisions with another recommendation, score or set of rules.
        transitions: Count per ``before→after`` overall recommendation.
        rules: Each rule whose firing count changes: ``{before, after}``.
        score_shift: Per score, the distribution of after − before.
        changed_ids: The first 1,000 changed decisions' ids, oldest first.
        not_compared: Rules left out of the comparison: they read what the store never
            keeps (the person's gender), so a replay cannot reproduce them.
    """

    candidate: RulesetRef
    evaluated: int
    skipped: int
    changed: int
    transitions: dict[str, int]
    rules: dict[str, RuleShift]
    score_shift: dict[str, ScoreShift]
    changed_ids: list[str]
    not_compared: list[str] = []


class ImpactAnalysis(msgspec.Struct, frozen=True, kw_only=True):
    """An impact analysis run by the server's workers: progress and (partial) summary.

    Attributes:
        id: The analysis's id.
        status: queued, running or done.
        candidate: The candidate ruleset, ``name@version``.
        since: First day of decisions included, if bounded.
        until: Last day of decisions included, if bounded.
        total: Decisions in scope when it was created.
        done: Decisions replayed or skipped so far.
        progress: done / total (1.0 when there was nothing to do).
        created_at: When it was requested.
        started_at: When a worker first took a chunk of it.
        finished_at: When its last chunk was done.
        summary: The summary of the decisions done so far (final once ``done``).
        changes: Where the changed decisions stream (JSON Lines).
        report: The HTML report.
    """

    id: str
    status: AnalysisStatus
    candidate: str
    since: date | None
    until: date | None
    total: int
    done: int
    progress: float
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    summary: ImpactSummary
    changes: str
    report: str
