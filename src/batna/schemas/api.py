"""Wire types of the HTTP API beyond the situation and the evaluation: batches and rulesets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from batna.errors import Issue
from batna.schemas.evaluation import Evaluation, ScoreEffects
from batna.schemas.rules import Kind, Severity

__all__ = [
    "BatchItem",
    "BatchProblem",
    "BatchRequest",
    "BatchResponse",
    "Health",
    "RuleInfo",
    "RulesetDetail",
    "RulesetList",
    "RulesetSummary",
    "SourceInfo",
]


class BatchRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Up to 1,000 situations evaluated in one request.

    Attributes:
        situations: Situations (each shaped like ``Situation``). Each is validated on its
            own and an invalid one comes back as that item's 422 problem, so items are
            accepted as any JSON value here: one bad item never fails the others.
    """

    situations: Annotated[list[Any], msgspec.Meta(min_length=1, max_length=1000)]


class BatchProblem(msgspec.Struct, frozen=True, kw_only=True):
    """Why one batch item was rejected: the problem a single request would have got.

    Attributes:
        type: The problem type URI, as in every problem document (added in v1, after
            the first release; clients that ignore it lose nothing).
        title: The problem type's title.
        status: 422.
        error: ``VALIDATION_FAILED``.
        detail: Summary.
        details: Every issue with its code and JSON pointer (relative to the item).
    """

    type: str
    title: str
    status: int
    error: str
    detail: str
    details: list[Issue]


class BatchItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One batch result, in input order.

    Attributes:
        index: Position of the situation in the request (0-based).
        status: 200 (evaluated) or 422 (rejected).
        evaluation: The evaluation, when status is 200.
        problem: Why it was rejected, when status is 422.
    """

    index: int
    status: Literal[200, 422]
    evaluation: Evaluation | None = None
    problem: BatchProblem | None = None


class BatchResponse(msgspec.Struct, frozen=True, kw_only=True):
    """Per-item results of a batch, in input order.

    Attributes:
        results: One entry per situation sent.
        evaluated: How many were evaluated.
        rejected: How many were rejected.
    """

    results: list[BatchItem]
    evaluated: int
    rejected: int


class SourceInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A source a rule rests on.

    Attributes:
        key: Short key (``FU81``).
        citation: Full citation.
    """

    key: str
    citation: str


class RuleInfo(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A rule as an integrator's UI shows it.

    Attributes:
        id: Rule id.
        title: Short name.
        category: Category.
        kind: ``blocker``, ``warning``, ``recommendation`` or ``derive``.
        severity: Severity (``info`` for recommendations and derive rules).
        score_effects: What it adds to each score when it fires.
        conditions: The condition as written in the rule file (all/any/not/fact/path).
        message: Message template (judgement rules).
        safer_alternative: What it suggests instead, if anything.
        asserts: The fact a derive rule asserts.
        sources: The sources it rests on.
        rationale: Why it exists.
    """

    id: str
    title: str
    category: str
    kind: Kind
    severity: Severity
    score_effects: ScoreEffects
    conditions: dict[str, Any]
    sources: list[SourceInfo]
    rationale: str
    message: str | None = None
    safer_alternative: str | None = None
    asserts: str | None = None


class RulesetSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A loaded ruleset version.

    Attributes:
        name: Ruleset name.
        version: Its version.
        revision: SHA-256 of the rule bundle it came from.
        description: What it covers.
        rule_count: Judgement rules (blockers, warnings, recommendations).
        ref: ``name@version``, what ``?ruleset=`` takes.
        default: True for the server's default (what a request gets when neither it nor
            its tenant names a version).
    """

    name: str
    version: str
    revision: str
    description: str
    rule_count: int
    ref: str
    default: bool


class RulesetList(msgspec.Struct, frozen=True, kw_only=True):
    """Every loaded ruleset version.

    Attributes:
        rulesets: The active bundle's first (the default), then the candidates'.
    """

    rulesets: list[RulesetSummary]


class RulesetDetail(RulesetSummary, frozen=True, kw_only=True):
    """A ruleset with every rule.

    Attributes:
        rules: Its rules, derive rules included.
    """

    rules: list[RuleInfo]


class Health(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Liveness or readiness.

    Attributes:
        status: ``ok`` when healthy.
        revision: Revision of the loaded rule bundle (readiness only).
    """

    status: Literal["ok"]
    revision: str | None = None
