"""Schemas of the rule bundle's files: manifest, ruleset settings and rule files.

Loaded with ``forbid_unknown_fields`` so a typo in a rule file is an error naming the
field, never a silently ignored key. Conditions (``when``) are recursive and keyed by
operator, so they arrive here as plain data and are parsed by ``batna.engine.bundle``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Final, Literal

import msgspec

__all__ = [
    "RULESET_REF",
    "RULESET_TAG",
    "AmountCaps",
    "DecisionReasons",
    "DecisionSettings",
    "Implausible",
    "Manifest",
    "RemedyChange",
    "RemedyFile",
    "RemedySpec",
    "RuleFile",
    "RuleSpec",
    "RulesetEntry",
    "RulesetSettings",
    "Then",
    "Variant",
    "Weights",
    "WhatIfSettings",
]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every bundle Struct."""


_NAME: Final = "[a-z][a-z0-9_-]{0,39}"
_VERSION: Final = r"[0-9]{1,15}\.[0-9]{1,15}\.[0-9]{1,15}"
RULESET_TAG: Final = f"^{_NAME}@{_VERSION}$"
"""One loaded ruleset version, ``name@version``: the shape every bundle's entries take."""
RULESET_REF: Final = f"^{_NAME}(@{_VERSION})?$"
"""What a request may name: ``name@version``, or a bare name for its default version."""

RulesetName = Annotated[str, msgspec.Meta(pattern=f"^{_NAME}$")]


class RulesetEntry(_Strict, frozen=True, kw_only=True):
    """One ruleset the bundle holds.

    Attributes:
        name: Identifier used in the API (``/v1/rulesets/{name}``).
        version: Semantic version of the ruleset's content.
        path: Folder under ``rules/`` holding its files.
        description: One paragraph for people.
    """

    name: RulesetName
    version: Annotated[str, msgspec.Meta(pattern=f"^{_VERSION}$")]
    path: Annotated[str, msgspec.Meta(pattern="^[a-z][a-z0-9_-]*$")]
    description: str


class Manifest(_Strict, frozen=True, kw_only=True):
    """``rules/manifest.yaml``.

    Attributes:
        bundle: Name of the bundle.
        rulesets: The rulesets it holds; the first is the default.
    """

    bundle: str
    rulesets: Annotated[list[RulesetEntry], msgspec.Meta(min_length=1)]


Score = Literal["leverage_strength", "relationship_risk", "readiness"]


class Weights(_Strict, frozen=True, kw_only=True, omit_defaults=True):
    """Score deltas a rule applies when it fires (integers, so no rounding is needed).

    Attributes:
        leverage_strength: Delta to L.
        relationship_risk: Delta to R.
        readiness: Delta to Rd.
    """

    leverage_strength: Annotated[int, msgspec.Meta(ge=-100, le=100)] = 0
    relationship_risk: Annotated[int, msgspec.Meta(ge=-100, le=100)] = 0
    readiness: Annotated[int, msgspec.Meta(ge=-100, le=100)] = 0


class Variant(_Strict, frozen=True, kw_only=True):
    """A wording of a rule's message for the situations its condition describes.

    Attributes:
        when: The condition (the rule condition language), parsed by the bundle loader.
        message: Template used when ``when`` holds.
        safer_alternative: Template of the safer alternative, when it differs too.
    """

    when: Any
    message: str
    safer_alternative: str | None = None


class Then(_Strict, frozen=True, kw_only=True):
    """What a rule does when it fires.

    Attributes:
        message: Template shown to the person (judgement rules); the last, unconditional
            wording, used when no variant holds.
        safer_alternative: What to do instead (blockers and some high warnings).
        variants: Wordings tried in order before ``message``; the first that holds wins.
        assert_: The fact a derive rule asserts (``assert`` in YAML).
    """

    message: str | None = None
    safer_alternative: str | None = None
    variants: list[Variant] = []
    assert_: Annotated[str, msgspec.Meta(pattern="^[a-z][a-z0-9_]{0,39}$")] | None = msgspec.field(
        default=None, name="assert"
    )


Kind = Literal["blocker", "warning", "recommendation", "derive"]
Severity = Literal["critical", "high", "medium", "low", "info"]


class RemedyChange(_Strict, frozen=True, kw_only=True):
    """One field a remedy sets: exactly one of ``value``, ``copy`` or ``add``.

    Attributes:
        path: The situation field, dotted (``ask.framing``).
        value: The new value; ``null`` removes the field.
        copy: Take the value of another path (a situation field, a metric or
            ``suggested_range.low``/``high``), times ``times`` when given.
        times: Multiplier for ``copy`` (amounts; rounded half-up to 2 dp).
        add: For a list field: append this value.
    """

    path: str
    value: Any = msgspec.UNSET
    copy: str | None = None
    times: Decimal | None = None
    add: str | None = None


class RemedySpec(_Strict, frozen=True, kw_only=True):
    """A change a person can make to their own situation, in ``remedies.yaml``.

    Attributes:
        id: Stable id (``framing:question``), used by rules and reported by what-if.
        description: What to do, written for the person.
        changes: The fields it sets, together.
    """

    id: Annotated[str, msgspec.Meta(pattern="^[a-z_]+:[a-z_]+$")]
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    changes: Annotated[list[RemedyChange], msgspec.Meta(min_length=1)]


class RemedyFile(_Strict, frozen=True, kw_only=True):
    """``remedies.yaml``: the catalogue rules draw their remedies from."""

    remedies: Annotated[list[RemedySpec], msgspec.Meta(min_length=1)]


class RuleSpec(_Strict, frozen=True, kw_only=True):
    """One rule as written in a rule file.

    Attributes:
        id: Unique id, e.g. ``WALK-001`` or ``DRV-HARDBALL``.
        title: Short noun phrase.
        kind: ``blocker``, ``warning``, ``recommendation`` or ``derive``.
        when: The condition (parsed by the bundle loader).
        then: What it says or asserts.
        sources: Keys of the sources it rests on.
        rationale: Why it exists, in our own words.
        severity: Required for judgement rules; absent for derive rules.
        weights: Score deltas; absent = advisory only.
        remedies: Ids of the remedies (``remedies.yaml``) that address the rule.
    """

    id: Annotated[str, msgspec.Meta(pattern="^[A-Z]+(-[A-Z0-9]+)+$", max_length=32)]
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    kind: Kind
    when: Any
    then: Then
    sources: Annotated[list[str], msgspec.Meta(min_length=1)]
    rationale: Annotated[str, msgspec.Meta(min_length=1)]
    severity: Severity | None = None
    weights: Weights = msgspec.field(default_factory=Weights)
    remedies: list[str] = []


class RuleFile(_Strict, frozen=True, kw_only=True):
    """A rule file: one category, a list of rules.

    Attributes:
        category: Category of every rule in the file.
        rules: The rules.
    """

    category: Annotated[str, msgspec.Meta(pattern="^[a-z][a-z_]*$")]
    rules: Annotated[list[RuleSpec], msgspec.Meta(min_length=1)]


class AmountCaps(_Strict, frozen=True, kw_only=True):
    """Plausible maxima for money amounts, per currency (docs/rules.md §4).

    Attributes:
        default: Cap for currencies without an override.
        overrides: Per-currency caps for currencies with small units.
    """

    default: Decimal
    overrides: dict[str, Decimal] = {}

    def cap(self, currency: str | None) -> Decimal:
        """The cap for ``currency`` (the default when unknown)."""
        if currency is None:
            return self.default
        return self.overrides.get(currency, self.default)


class DecisionReasons(_Strict, frozen=True, kw_only=True):
    """Sentence templates of ``decision.reasons``.

    ``{id}``, ``{title}`` and ``{severity}`` name a fired rule; ``{score}``, ``{value}``
    and ``{cutoff}`` name a score, its value and the threshold it was held to.

    Attributes:
        blocker: A blocker that fired.
        below_with_pressure: Leverage under the floor while the plan applies pressure.
        at_least_with_pressure: Risk at or over the ceiling while the plan applies pressure.
        met_at_least: A minimum that was met.
        met_at_most: A maximum that was met.
        no_warning: No warning stands in the way.
        no_pressure: The plan applies no pressure (``plain_ask_ready``).
        warning: A high or medium warning to address.
        missed_at_least: A minimum that was missed.
        missed_at_most: A maximum that was exceeded.
        scores: Each score's name in a sentence.
    """

    blocker: str
    below_with_pressure: str
    at_least_with_pressure: str
    met_at_least: str
    met_at_most: str
    no_warning: str
    no_pressure: str
    warning: str
    missed_at_least: str
    missed_at_most: str
    scores: dict[Score, str]


class DecisionSettings(_Strict, frozen=True, kw_only=True):
    """The decision table of the overall recommendation (docs/rules.md §11.5).

    The clauses are tried in order: ``blocker``, ``weak_or_risky_leverage``,
    ``strong_position``, ``plain_ask_ready``, ``changes_needed``.

    Attributes:
        pressure: Condition (rule condition language) for "the plan applies pressure".
        do_not_leverage_if_leverage_below: Under pressure, L below this → ``do_not_leverage``.
        do_not_leverage_if_risk_at_least: Under pressure, R at or above this → the same.
        proceed_if_leverage_at_least: ``strong_position`` needs L at least this …
        proceed_if_risk_at_most: … and R at most this (so does ``plain_ask_ready``) …
        proceed_if_readiness_at_least: … and Rd at least this (so does ``plain_ask_ready``) …
        proceed_blocked_by_severity: … and no fired warning of these severities.
        not_counted_categories: Categories never counted by the clauses (fairness:
            gender must never change the recommendation).
        reasons: Sentence templates of the reasons.
    """

    pressure: Any
    do_not_leverage_if_leverage_below: int
    do_not_leverage_if_risk_at_least: int
    proceed_if_leverage_at_least: int
    proceed_if_risk_at_most: int
    proceed_if_readiness_at_least: int
    proceed_blocked_by_severity: list[Severity]
    not_counted_categories: list[str] = []
    reasons: DecisionReasons


class Implausible(_Strict, frozen=True, kw_only=True):
    """Ratios that raise DATA-002 (check monthly vs annual, or the units).

    Attributes:
        offer_at_least: Converted offer / baseline at or above this.
        offer_at_most: … or at or below this.
        target_at_least: Target / baseline at or above this.
        target_at_most: … or at or below this.
    """

    offer_at_least: Decimal
    offer_at_most: Decimal
    target_at_least: Decimal
    target_at_most: Decimal


class WhatIfSettings(_Strict, frozen=True, kw_only=True):
    """What counts as better when what-if re-evaluates a changed situation.

    Attributes:
        score_step: A score moving this much the right way is an improvement.
        removes_severities: Removing a warning of these severities is an improvement.
    """

    score_step: Annotated[int, msgspec.Meta(ge=1, le=100)]
    removes_severities: list[Severity]


class RulesetSettings(_Strict, frozen=True, kw_only=True):
    """``ruleset.yaml``: everything numeric about a ruleset that is not a rule.

    Attributes:
        bases: Starting value of each score before rule effects.
        decision: Cut-offs of the overall recommendation.
        suggested_range_multiplier: High end of the suggested range = target × this.
        implausible: Ratios that raise DATA-002.
        amount_caps: Plausible maxima per currency (validation).
        what_if: What counts as an improvement for what-if.
        notices: Message of each data notice, by id.
        sources: Citation of each source key the rules use.
    """

    bases: Weights
    decision: DecisionSettings
    suggested_range_multiplier: Decimal
    implausible: Implausible
    amount_caps: AmountCaps
    what_if: WhatIfSettings
    notices: dict[Annotated[str, msgspec.Meta(pattern=r"^DATA-\d{3}$")], str]
    sources: dict[str, str]
