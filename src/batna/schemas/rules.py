"""Schemas of the rule bundle's files: manifest, ruleset settings and rule files.

Loaded with ``forbid_unknown_fields`` so a typo in a rule file is an error naming the
field, never a silently ignored key. Conditions (``when``) are recursive and keyed by
operator, so they arrive here as plain data and are parsed by ``batna.engine.bundle``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

__all__ = [
    "AmountCaps",
    "Decision",
    "Implausible",
    "Manifest",
    "RuleFile",
    "RuleSpec",
    "RulesetEntry",
    "RulesetSettings",
    "Then",
    "Weights",
]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every bundle Struct."""


RulesetName = Annotated[str, msgspec.Meta(pattern="^[a-z][a-z0-9_-]{0,39}$")]


class RulesetEntry(_Strict, frozen=True, kw_only=True):
    """One ruleset the bundle holds.

    Attributes:
        name: Identifier used in the API (``/v1/rulesets/{name}``).
        version: Semantic version of the ruleset's content.
        path: Folder under ``rules/`` holding its files.
        description: One paragraph for people.
    """

    name: RulesetName
    version: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+\.\d+$")]
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


class Then(_Strict, frozen=True, kw_only=True):
    """What a rule does when it fires.

    Attributes:
        message: Template shown to the person (judgement rules).
        safer_alternative: What to do instead (blockers and some high warnings).
        assert_: The fact a derive rule asserts (``assert`` in YAML).
    """

    message: str | None = None
    safer_alternative: str | None = None
    assert_: Annotated[str, msgspec.Meta(pattern="^[a-z][a-z0-9_]{0,39}$")] | None = msgspec.field(
        default=None, name="assert"
    )


Kind = Literal["blocker", "warning", "recommendation", "derive"]
Severity = Literal["critical", "high", "medium", "low", "info"]


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


class RuleFile(_Strict, frozen=True, kw_only=True):
    """A rule file: one category, a list of rules.

    Attributes:
        category: Category of every rule in the file.
        rules: The rules.
    """

    category: Annotated[str, msgspec.Meta(pattern="^[a-z][a-z_]*$")]
    rules: Annotated[list[RuleSpec], msgspec.Meta(min_length=1)]


class AmountCaps(_Strict, frozen=True, kw_only=True):
    """Plausible maxima for money amounts, per currency (RULES.md §4).

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


class Decision(_Strict, frozen=True, kw_only=True):
    """Cut-offs of the overall recommendation (RULES.md §7).

    Attributes:
        do_not_leverage_if_leverage_below: L below this → ``do_not_leverage``.
        do_not_leverage_if_risk_at_least: R at or above this → ``do_not_leverage``.
        proceed_if_leverage_at_least: ``proceed`` needs L at least this …
        proceed_if_risk_at_most: … and R at most this …
        proceed_if_readiness_at_least: … and Rd at least this …
        proceed_blocked_by_severity: … and no fired warning of these severities.
    """

    do_not_leverage_if_leverage_below: int
    do_not_leverage_if_risk_at_least: int
    proceed_if_leverage_at_least: int
    proceed_if_risk_at_most: int
    proceed_if_readiness_at_least: int
    proceed_blocked_by_severity: list[Severity]


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


class RulesetSettings(_Strict, frozen=True, kw_only=True):
    """``ruleset.yaml``: everything numeric about a ruleset that is not a rule.

    Attributes:
        bases: Starting value of each score before rule effects.
        decision: Cut-offs of the overall recommendation.
        suggested_range_multiplier: High end of the suggested range = target × this.
        implausible: Ratios that raise DATA-002.
        amount_caps: Plausible maxima per currency (validation).
        notices: Message of each data notice, by id.
        sources: Citation of each source key the rules use.
    """

    bases: Weights
    decision: Decision
    suggested_range_multiplier: Decimal
    implausible: Implausible
    amount_caps: AmountCaps
    notices: dict[Annotated[str, msgspec.Meta(pattern=r"^DATA-\d{3}$")], str]
    sources: dict[str, str]
