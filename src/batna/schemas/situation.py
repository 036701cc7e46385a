"""The offer situation (docs/rules.md §3): what a client sends to be evaluated.

Structs carry the shape and the bounds that reach the OpenAPI document; the cross-field
checks of §4 live in ``batna.schemas.checks``. Money is ``Decimal`` (never a binary float),
annual, gross, in major units.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

import msgspec
import msgspec.inspect as mi

from batna.schemas.currencies import ISO_4217

__all__ = [
    "CAPPED",
    "Alternatives",
    "Amount",
    "Ask",
    "CurrencyCode",
    "ExitPlan",
    "Organisation",
    "OutsideOffer",
    "Person",
    "Preparation",
    "Situation",
    "unwrap",
    "with_gender",
]


class _Input(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Base of every input Struct: immutable, unknown fields rejected."""


# ``extra`` carries what the validator needs beyond the type: the §4 code for an
# out-of-bounds value and, for decimals (which msgspec cannot bound), the bounds
# themselves, mirrored into the JSON schema so clients see the same limits.
Amount = Annotated[
    Decimal,
    msgspec.Meta(
        description="Annual gross amount in major currency units (e.g. 85000 = 85,000 a year).",
        examples=[Decimal(85000)],
        extra_json_schema={"minimum": 0.01},
        # > 0, else AMOUNT_NOT_POSITIVE; below one cent is not a salary (and would blow
        # up the percentages), so AMOUNT_OUT_OF_RANGE. The upper cap is per currency.
        extra={
            "capped": True,  # by the currency's plausible maximum (checks.cap_currency)
            "code": "AMOUNT_NOT_POSITIVE",
            "gt": 0,
            "min": Decimal("0.01"),
            "min_code": "AMOUNT_OUT_OF_RANGE",
        },
    ),
]
CurrencyCode = Annotated[
    str,
    msgspec.Meta(
        pattern="^[A-Z]{3}$",
        description="ISO 4217 alpha-3 currency code.",
        examples=["USD"],
        extra_json_schema={"enum": sorted(ISO_4217)},
        extra={"code": "INVALID_CURRENCY"},
    ),
]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Months = Annotated[int, msgspec.Meta(ge=0, le=720, extra={"code": "TENURE_INVALID"})]
Runway = Annotated[
    Decimal,
    msgspec.Meta(
        description="Months of expenses covered by savings.",
        extra_json_schema={"minimum": 0, "maximum": 600},
        extra={"code": "RUNWAY_INVALID", "ge": 0, "le": 600},
    ),
]
Weeks = Annotated[
    Decimal,
    msgspec.Meta(
        description="Weeks.",
        extra_json_schema={"minimum": 0, "maximum": 52},
        extra={"code": "NOTICE_INVALID", "ge": 0, "le": 52},
    ),
]
FxRate = Annotated[
    Decimal,
    msgspec.Meta(
        description="Units of person currency per unit of offer currency.",
        extra_json_schema={"exclusiveMinimum": 0, "maximum": 1000000},
        extra={"code": "FX_RATE_INVALID", "gt": 0, "le": 1000000},
    ),
]
Count = Annotated[int, msgspec.Meta(ge=0, le=1000)]

Justification = Literal[
    "market_data",
    "impact_evidence",
    "company_benefit",
    "relational_account",
    "career_growth",
    "personal_need",
    "role_scope",
]


class Person(_Input, frozen=True, kw_only=True):
    """Who is negotiating.

    Attributes:
        negotiating_as: ``employee`` (with the current employer) or ``candidate``.
        role_title: Current role (employee) or the role on offer (candidate).
        role_level: Context for messages only.
        tenure_months: Months in the current role; absent = unknown.
        current_base_salary: Current annual base; required for employees (their baseline).
        current_total_comp: Current annual total pay (base, target bonus, annualised
            equity), in ``currency``; lets an offer be compared on whole packages.
        currency: Currency of the salary, every ask amount and the market reference.
        performance_rating: Most recent performance signal.
        gender_opt_in: Consent to use gender, only for the fairness advisories.
        gender: Ignored (and discarded) unless ``gender_opt_in`` is true.
        prior_offer_leverage_count: Earlier uses of an outside offer with this counterparty.
    """

    negotiating_as: Literal["employee", "candidate"]
    role_title: Title
    currency: CurrencyCode
    role_level: (
        Literal[
            "individual_contributor",
            "manager",
            "senior_manager",
            "executive",
            "faculty",
            "other",
        ]
        | None
    ) = None
    tenure_months: Months | None = None
    current_base_salary: Amount | None = None
    current_total_comp: Amount | None = None
    performance_rating: Literal["top", "strong", "meets", "below", "unknown"] = "unknown"
    gender_opt_in: bool = False
    gender: Literal["woman", "man", "non_binary", "prefer_not_to_say"] | None = None
    prior_offer_leverage_count: Count = 0


class OutsideOffer(_Input, frozen=True, kw_only=True):
    """The competing offer, or ``{"status": "none"}``.

    Attributes:
        status: ``hint`` = interest only; ``verbal``; ``written``; ``signed`` = accepted.
        base_salary: Annual base in ``currency``; required unless status is none or hint.
        total_comp: Annual total (base, bonus, equity); context only.
        currency: Currency of the offer amounts.
        fx_rate_to_person_currency: One unit of offer currency in the person's currency.
        title_change: Context.
        relocation_required: Context.
        remote_policy: Context.
        employer_prestige_tier: Status of the offering employer.
        expiry_date: Last day the offer can be accepted (still live that day).
        would_accept: Would the person really take it if no counter came?
        source: Did the person seek the offer out?
    """

    status: Literal["none", "hint", "verbal", "written", "signed"]
    base_salary: Amount | None = None
    total_comp: Amount | None = None
    currency: CurrencyCode | None = None
    fx_rate_to_person_currency: FxRate | None = None
    title_change: Literal["none", "lateral", "step_up", "step_down"] | None = None
    relocation_required: bool | None = None
    remote_policy: Literal["onsite", "hybrid", "remote", "unknown"] | None = None
    employer_prestige_tier: Literal["high", "medium", "low", "unknown"] | None = None
    expiry_date: dt.date | None = None
    would_accept: Literal["yes", "maybe", "no"] | None = None
    source: Literal["solicited", "unsolicited", "unknown"] | None = None


class Alternatives(_Input, frozen=True, kw_only=True):
    """The walk-away position.

    Attributes:
        batna_strength: Self-assessed best alternative if this negotiation fails.
        prepared_to_walk_away: "If they say no, I will really leave (or decline)."
        savings_runway_months: Months of expenses covered by savings.
    """

    batna_strength: Literal["none", "weak", "moderate", "strong", "unknown"]
    prepared_to_walk_away: bool
    savings_runway_months: Runway | None = None


class Ask(_Input, frozen=True, kw_only=True):
    """What the person will ask for, and how.

    Attributes:
        type: ``raise``, ``counteroffer`` and ``promotion`` are monetary asks.
        framing: ``ultimatum`` (conditioned on leaving, even implicitly), ``assertive``,
            ``question`` or ``collaborative``.
        disclosure_to_manager: What they will say about the outside offer.
        target_amount: The resulting annual base wanted (not the increment).
        currency: Must equal the person's currency.
        counterparty_offer_base: Base the prospective employer offered (candidates).
        proposed_range_low: Low end of the range they plan to state.
        proposed_range_high: High end of that range.
        tone: ``dismissive`` = disdain for the current offer or employer.
        justifications: The reasons they will give.
        scope_reframe: The ask re-imagines the job as bigger.
        planned_date: Planned date of the conversation.
        timing_context: Where the conversation falls.
    """

    type: Literal["raise", "counteroffer", "promotion", "remote", "relocation", "title"]
    framing: Literal["ultimatum", "assertive", "question", "collaborative"]
    disclosure_to_manager: Literal["exact", "vague", "none"]
    target_amount: Amount | None = None
    currency: CurrencyCode | None = None
    counterparty_offer_base: Amount | None = None
    proposed_range_low: Amount | None = None
    proposed_range_high: Amount | None = None
    tone: Literal["appreciative", "neutral", "dismissive"] = "neutral"
    justifications: Annotated[list[Justification], msgspec.Meta(max_length=7)] = []
    scope_reframe: bool = False
    planned_date: dt.date | None = None
    timing_context: Literal[
        "ad_hoc",
        "performance_review",
        "budget_planning",
        "after_resignation",
    ] = "ad_hoc"


class Preparation(_Input, frozen=True, kw_only=True):
    """Preparation done; each flag is true, false or unknown (absent).

    Attributes:
        market_data_gathered: Has market pay data for the role.
        best_precedent_known: Knows the best outcome anyone in this position got.
        company_negotiation_norms_known: Knows how the organisation treats outside offers.
        mentors_consulted: Has talked it through with a mentor or coach.
        role_play_done: Has rehearsed the conversation.
        impact_evidence_prepared: Has numbers on their bottom-line impact.
        manager_tipped_off_early: Told the boss early that an offer exists.
        market_reference_amount: Market median or benchmark base (person's currency).
    """

    market_data_gathered: bool | None = None
    best_precedent_known: bool | None = None
    company_negotiation_norms_known: bool | None = None
    mentors_consulted: bool | None = None
    role_play_done: bool | None = None
    impact_evidence_prepared: bool | None = None
    manager_tipped_off_early: bool | None = None
    market_reference_amount: Amount | None = None


class Organisation(_Input, frozen=True, kw_only=True):
    """The counterparty's context.

    Attributes:
        has_matched_offers_before: Has this organisation countered outside offers?
        budget_phase: ``open`` = next cycle's budget is being set; ``locked`` = already set.
        hiring_freeze_or_layoffs: A freeze or layoffs are under way.
        manager_relationship: Quality of the relationship with the decision-maker.
    """

    has_matched_offers_before: Literal["yes", "no", "unknown"] | None = None
    budget_phase: Literal["open", "locked", "unknown"] | None = None
    hiring_freeze_or_layoffs: bool | None = None
    manager_relationship: Literal["strong", "neutral", "strained", "unknown"] | None = None


class ExitPlan(_Input, frozen=True, kw_only=True):
    """How an employee would leave (ignored for candidates).

    Attributes:
        notice_period_weeks: Notice they plan to give.
        contractual_notice_weeks: Notice their contract requires.
        transition_plan_prepared: Handover plan drafted.
        keep_in_touch_plan: Plans to stay in contact after leaving.
    """

    notice_period_weeks: Weeks | None = None
    contractual_notice_weeks: Weeks | None = None
    transition_plan_prepared: bool | None = None
    keep_in_touch_plan: bool | None = None


class Situation(_Input, frozen=True, kw_only=True):
    """An offer situation, ``schema_version`` 1.0.

    Attributes:
        schema_version: Contract version; only ``"1.0"``.
        person: Who is negotiating.
        outside_offer: The competing offer, or ``{"status": "none"}``.
        alternatives: The walk-away position.
        ask: What they will ask for, and how.
        as_of_date: Evaluation date for expiry maths (default: today, UTC, with DATA-004).
        preparation: Preparation done (all unknown when absent).
        organisation: Counterparty context (all unknown when absent).
        exit_plan: How they would leave (all unknown when absent).
    """

    schema_version: Literal["1.0"]
    person: Person
    outside_offer: OutsideOffer
    alternatives: Alternatives
    ask: Ask
    as_of_date: dt.date | None = None
    preparation: Preparation = msgspec.field(default_factory=Preparation)
    organisation: Organisation = msgspec.field(default_factory=Organisation)
    exit_plan: ExitPlan = msgspec.field(default_factory=ExitPlan)


def with_gender(situation: Situation, gender: Literal["prefer_not_to_say"] | None) -> Situation:
    """The situation with the person's gender set to ``gender`` (itself if it already is).

    The one place a gender is taken out of a situation: the engine drops one sent without
    consent, a batch holds one as ``prefer_not_to_say``, the store keeps none.
    """
    person = situation.person
    if person.gender == gender:
        return situation
    return msgspec.structs.replace(situation, person=msgspec.structs.replace(person, gender=gender))


def unwrap(info: mi.Type) -> tuple[mi.Type, dict[str, Any]]:
    """The type under ``Optional`` and ``Annotated``, with its ``Meta.extra``."""
    extra: dict[str, Any] = {}
    if isinstance(info, mi.UnionType):
        (info,) = [t for t in info.types if not isinstance(t, mi.NoneType)]
    if isinstance(info, mi.Metadata):
        extra = info.extra or {}
        info = info.type
    return info, extra


def _capped() -> tuple[tuple[str, str], ...]:
    """(section, field) of every ``Amount`` in a Situation, in the order declared."""
    found: list[tuple[str, str]] = []
    situation = mi.type_info(Situation)
    if not isinstance(situation, mi.StructType):  # pragma: no cover - always a Struct
        raise TypeError(Situation)
    for section in situation.fields:
        kind = section.type
        if not isinstance(kind, mi.StructType):
            continue
        found.extend(
            (section.encode_name, field.encode_name)
            for field in kind.fields
            if unwrap(field.type)[1].get("capped")
        )
    return tuple(found)


# The money held to its currency's plausible maximum (AMOUNT_OUT_OF_RANGE above it): read
# by the walk's checks, the decoder's fast path and the contract's JSON schema alike.
CAPPED: Final = _capped()
