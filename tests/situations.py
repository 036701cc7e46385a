"""Random *valid* offer situations (docs/rules.md §3) for property tests and the benchmark.

``random_situation(rng)`` returns a JSON-like document, as the decoder would hand it to
``Engine.parse``: whole numbers as ``int``, other numbers as ``Decimal`` (0 or 2 decimal
places for money), dates as ``"YYYY-MM-DD"`` strings. Every field of §3 is exercised,
optional fields and sections are sometimes absent, tri-state booleans are true, false or
absent, and every cross-field rule of §4 is respected, so ``Engine.parse`` accepts each
document. Amounts are drawn relative to one another (offer, target, range, market
reference around the baseline) so that the threshold rules fire on both sides, with a few
implausible ratios (monthly typed as annual) for DATA-002. Some amounts, runways and
notice periods sit a hair (down to 6 decimal places) either side of the value a rule
compares them with, so every comparison must be exact (docs/rules.md §11).

``situations()`` is the same generator as a hypothesis strategy; it draws through a
hypothesis-controlled ``random.Random``, so failures shrink and replay.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from hypothesis import strategies as st

__all__ = ["CURRENCIES", "random_situation", "situations"]

# Rough value of one unit in USD, and the size of a typical salary in that currency.
_USD_PER_UNIT: Final[dict[str, Decimal]] = {
    "USD": Decimal(1),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "AUD": Decimal("0.66"),
    "JPY": Decimal("0.0067"),
}
CURRENCIES: Final[tuple[str, ...]] = tuple(_USD_PER_UNIT)
_AS_OF: Final = dt.date(2025, 3, 3)
_CENT: Final = Decimal("0.01")
_HAIR: Final = Decimal("0.000001")  # the smallest step the exactness checks use

_ROLE_TITLES: Final = (
    "Software engineer",
    "Associate professor of history",
    "Fund-raising consultant",
    "Product manager",
    "Nurse practitioner",
    "Data analyst",
    "Head of marketing",
    "Lab manager",
    "Staff accountant",
    "Ä",  # one character, non-ASCII
    "Senior principal distinguished engineer, platform infrastructure and developer tooling",
)
_JUSTIFICATIONS: Final = (
    "market_data",
    "impact_evidence",
    "company_benefit",
    "relational_account",
    "career_growth",
    "personal_need",
    "role_scope",
)
_PREP_FLAGS: Final = (
    "market_data_gathered",
    "best_precedent_known",
    "company_negotiation_norms_known",
    "mentors_consulted",
    "role_play_done",
    "impact_evidence_prepared",
    "manager_tipped_off_early",
)


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _maybe(rng: random.Random, doc: dict[str, Any], key: str, value: object, p: float) -> None:
    """Set ``doc[key] = value`` with probability ``p`` (otherwise leave it absent)."""
    if _chance(rng, p):
        doc[key] = value


def _tri(rng: random.Random, doc: dict[str, Any], key: str) -> None:
    """A tri-state boolean: true, false or absent (unknown)."""
    choice = rng.randrange(3)
    if choice < 2:
        doc[key] = choice == 1


def _date(offset_days: int, base: dt.date = _AS_OF) -> str:
    return (base + dt.timedelta(days=offset_days)).isoformat()


def _hair(rng: random.Random, value: int | Decimal) -> Decimal:
    """``value`` itself or a hair either side of it (1e-6, or 5e-5 that 4 dp would round)."""
    step = rng.choice([_HAIR, Decimal("0.00005")])
    return Decimal(value) + rng.choice([-step, Decimal(0), step])


def _money(rng: random.Random, value: Decimal) -> int | Decimal:
    """A positive amount near ``value``: a round thousand, a whole number, or with cents."""
    style = rng.random()
    if style < 0.05 and value >= 2000:  # a hair off a round figure (ANCH-005's class)
        return max(_CENT, _hair(rng, int(value / 1000) * 1000))
    if style < 0.35 and value >= 2000:
        return max(1000, int((value / 1000).to_integral_value(ROUND_HALF_UP)) * 1000)
    if style < 0.8:
        return max(1, int(value.to_integral_value(ROUND_HALF_UP)))
    return max(_CENT, value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _scaled(base: int | Decimal, ratio: float, rate: Decimal = Decimal(1)) -> Decimal:
    """``base × ratio × rate`` as a Decimal (ratio drawn as a float, then fixed to 4 dp)."""
    return Decimal(base) * Decimal(str(round(ratio, 4))) * rate


def _ratio(rng: random.Random) -> float:
    """A ratio to the baseline: mostly plausible, sometimes extreme (DATA-002, ANCH-004)."""
    pick = rng.random()
    if pick < 0.05:
        return rng.uniform(0.05, 0.34)  # a monthly figure typed as annual
    if pick < 0.1:
        return rng.uniform(3.0, 8.0)
    if pick < 0.25:
        return rng.uniform(0.7, 1.0)
    if pick < 0.35:
        return rng.choice([1.0, 1.2, 1.19995, 1.20005, 1.2001])  # near the 20% thresholds
    return rng.uniform(1.0, 1.8)


def _fx(rng: random.Random, offer_currency: str, person_currency: str) -> Decimal:
    """Units of ``person_currency`` per unit of ``offer_currency``, with some noise."""
    rate = _USD_PER_UNIT[offer_currency] / _USD_PER_UNIT[person_currency]
    rate *= Decimal(str(round(rng.uniform(0.95, 1.05), 4)))
    return rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()


def _person(
    rng: random.Random, employee: bool, currency: str, salary: int | Decimal
) -> dict[str, Any]:
    person: dict[str, Any] = {
        "negotiating_as": "employee" if employee else "candidate",
        "role_title": rng.choice(_ROLE_TITLES),
        "currency": currency,
    }
    if employee or _chance(rng, 0.3):
        person["current_base_salary"] = salary
    _maybe(
        rng,
        person,
        "role_level",
        rng.choice(
            ["individual_contributor", "manager", "senior_manager", "executive", "faculty", "other"]
        ),
        0.6,
    )
    _maybe(rng, person, "tenure_months", rng.choice([0, 3, 11, 12, 13, rng.randint(0, 720)]), 0.7)
    _maybe(
        rng,
        person,
        "performance_rating",
        rng.choice(["top", "strong", "meets", "below", "unknown"]),
        0.7,
    )
    # Every combination of consent (absent/true/false) and gender (absent or each value).
    consent = rng.randrange(3)
    if consent < 2:
        person["gender_opt_in"] = consent == 1
    gender = rng.randrange(6)
    if gender < 4:
        person["gender"] = ("woman", "man", "non_binary", "prefer_not_to_say")[gender]
    elif gender == 4:
        person["gender"] = "woman"  # the one value that matters, drawn more often
    _maybe(rng, person, "prior_offer_leverage_count", rng.choice([0, 0, 1, 2, 1000]), 0.5)
    if "current_base_salary" in person and _chance(rng, 0.4):
        ratio = rng.choice([1.0, 1.1, 1.25, 1.6, rng.uniform(1.0, 2.5)])
        person["current_total_comp"] = max(salary, _money(rng, _scaled(salary, ratio)))
    return person


def _offer(
    rng: random.Random, status: str, currency: str, baseline: int | Decimal, as_of: dt.date
) -> dict[str, Any]:
    offer: dict[str, Any] = {"status": status}
    # Context fields are allowed whatever the status.
    _maybe(rng, offer, "title_change", rng.choice(["none", "lateral", "step_up", "step_down"]), 0.4)
    if _chance(rng, 0.4):
        offer["relocation_required"] = _chance(rng, 0.5)
    _maybe(rng, offer, "remote_policy", rng.choice(["onsite", "hybrid", "remote", "unknown"]), 0.4)
    _maybe(
        rng, offer, "employer_prestige_tier", rng.choice(["high", "medium", "low", "unknown"]), 0.5
    )
    _maybe(rng, offer, "source", rng.choice(["solicited", "unsolicited", "unknown"]), 0.4)
    if status == "none":
        return offer
    offer["would_accept"] = rng.choice(["yes", "maybe", "no"])
    _maybe(rng, offer, "expiry_date", _date(rng.choice([-30, -1, 0, 1, 6, 7, 8, 30]), as_of), 0.5)
    if status == "hint":
        _maybe(rng, offer, "currency", rng.choice(CURRENCIES), 0.2)  # a currency, no amounts
        return offer
    offer_currency = currency if _chance(rng, 0.7) else rng.choice(CURRENCIES)
    offer["currency"] = offer_currency
    rate = _USD_PER_UNIT[currency] / _USD_PER_UNIT[offer_currency]
    base = _money(rng, _scaled(baseline, _ratio(rng), rate))
    offer["base_salary"] = base
    if _chance(rng, 0.5):
        total = rng.choice([base, _money(rng, _scaled(base, rng.uniform(1.0, 1.6)))])
        offer["total_comp"] = max(total, base)  # rounding to a thousand can undershoot
    if offer_currency == currency:
        if _chance(rng, 0.2):
            offer["fx_rate_to_person_currency"] = rng.choice([1, Decimal("1.0"), Decimal("1.00")])
    elif _chance(rng, 0.7):
        offer["fx_rate_to_person_currency"] = _fx(rng, offer_currency, currency)
    return offer


def _ask(
    rng: random.Random,
    *,
    employee: bool,
    currency: str,
    baseline: int | Decimal,
    status: str,
    as_of: dt.date,
) -> dict[str, Any]:
    if status == "none":
        disclosure = "none"
    elif status == "hint":
        disclosure = rng.choice(["vague", "none"])
    else:
        disclosure = rng.choice(["exact", "vague", "none"])
    ask: dict[str, Any] = {
        "type": rng.choice(["raise", "counteroffer", "promotion", "remote", "relocation", "title"]),
        "framing": rng.choice(["ultimatum", "assertive", "question", "collaborative"]),
        "disclosure_to_manager": disclosure,
    }
    if _chance(rng, 0.6):
        target = _money(rng, _scaled(baseline, _ratio(rng)))
        if _chance(rng, 0.05):  # a hair under or over the baseline (ANCH-004)
            target = _hair(rng, baseline)
        ask["target_amount"] = target
        if not employee or _chance(rng, 0.1):
            ask["counterparty_offer_base"] = baseline
        if _chance(rng, 0.4):
            low_ratio = rng.choice([1.0, 1.0, rng.uniform(0.8, 1.0), rng.uniform(1.0, 1.2)])
            low = target if low_ratio == 1.0 else _money(rng, _scaled(target, low_ratio))
            if _chance(rng, 0.1):  # a hair under or over the target (ANCH-002)
                low = max(_HAIR, _hair(rng, target))
            width = rng.choice([1.0, 1.2, 1.3, rng.uniform(1.0, 1.5)])
            high = _money(rng, _scaled(low, width))
            ask["proposed_range_low"] = low
            ask["proposed_range_high"] = max(low, high)
    elif not employee and _chance(rng, 0.4):
        ask["counterparty_offer_base"] = baseline  # a baseline with no target
    if any(key in ask for key in ("target_amount", "counterparty_offer_base")) or _chance(rng, 0.1):
        ask["currency"] = currency
    _maybe(rng, ask, "tone", rng.choice(["appreciative", "neutral", "dismissive"]), 0.7)
    if _chance(rng, 0.7):
        ask["justifications"] = rng.sample(_JUSTIFICATIONS, rng.randint(0, len(_JUSTIFICATIONS)))
    if _chance(rng, 0.5):
        ask["scope_reframe"] = _chance(rng, 0.4)
    _maybe(rng, ask, "planned_date", _date(rng.choice([-5, 0, 3, 10, 45]), as_of), 0.4)
    _maybe(
        rng,
        ask,
        "timing_context",
        rng.choice(["ad_hoc", "performance_review", "budget_planning", "after_resignation"]),
        0.6,
    )
    return ask


def _alternatives(rng: random.Random) -> dict[str, Any]:
    alternatives: dict[str, Any] = {
        "batna_strength": rng.choice(["none", "weak", "moderate", "strong", "unknown"]),
        "prepared_to_walk_away": _chance(rng, 0.5),
    }
    runway = rng.choice(
        [0, 1, 2, 3, Decimal("2.99"), Decimal("3.5"), _hair(rng, 3), rng.randint(0, 600)]
    )
    _maybe(rng, alternatives, "savings_runway_months", runway, 0.5)
    return alternatives


def _preparation(rng: random.Random, baseline: int | Decimal) -> dict[str, Any]:
    preparation: dict[str, Any] = {}
    bias = rng.random()  # some people prepared everything, some nothing
    for flag in _PREP_FLAGS:
        if _chance(rng, 0.75):
            preparation[flag] = _chance(rng, bias)
    if _chance(rng, 0.4):
        ratio = rng.choice([1 / 0.95, rng.uniform(0.8, 1.4)])
        preparation["market_reference_amount"] = _money(rng, _scaled(baseline, ratio))
    return preparation


def _organisation(rng: random.Random) -> dict[str, Any]:
    organisation: dict[str, Any] = {}
    _maybe(
        rng, organisation, "has_matched_offers_before", rng.choice(["yes", "no", "unknown"]), 0.6
    )
    _maybe(rng, organisation, "budget_phase", rng.choice(["open", "locked", "unknown"]), 0.6)
    _tri(rng, organisation, "hiring_freeze_or_layoffs")
    _maybe(
        rng,
        organisation,
        "manager_relationship",
        rng.choice(["strong", "neutral", "strained", "unknown"]),
        0.7,
    )
    return organisation


def _exit_plan(rng: random.Random) -> dict[str, Any]:
    exit_plan: dict[str, Any] = {}
    weeks = (0, 1, 2, 4, 4, 8, 12, 52, Decimal("2.5"), Decimal("3.99"), _hair(rng, 4))
    _maybe(rng, exit_plan, "notice_period_weeks", max(0, rng.choice(weeks)), 0.6)
    _maybe(rng, exit_plan, "contractual_notice_weeks", max(0, rng.choice(weeks)), 0.5)
    _tri(rng, exit_plan, "transition_plan_prepared")
    _tri(rng, exit_plan, "keep_in_touch_plan")
    return exit_plan


def random_situation(rng: random.Random) -> dict[str, Any]:
    """One valid situation document drawn from ``rng`` (deterministic for a given seed)."""
    employee = _chance(rng, 0.65)
    currency = rng.choice(CURRENCIES)
    # A salary in USD terms, then expressed in the person's currency.
    usd = Decimal(rng.randint(18, 400) * 1000 + rng.choice([0, 0, rng.randint(0, 999)]))
    salary = _money(rng, usd / _USD_PER_UNIT[currency])
    as_of = _AS_OF
    document: dict[str, Any] = {"schema_version": "1.0"}
    pick = rng.random()
    if pick < 0.8:
        document["as_of_date"] = _AS_OF.isoformat()
    elif pick < 0.97:
        as_of = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        document["as_of_date"] = as_of.isoformat()
    # else: absent, so the engine uses today (DATA-004); expiry offsets are from 2025-03-03.
    status = rng.choice(["none", "hint", "verbal", "written", "signed"])
    document["person"] = _person(rng, employee, currency, salary)
    document["outside_offer"] = _offer(rng, status, currency, salary, as_of)
    document["alternatives"] = _alternatives(rng)
    document["ask"] = _ask(
        rng, employee=employee, currency=currency, baseline=salary, status=status, as_of=as_of
    )
    if _chance(rng, 0.7):
        document["preparation"] = _preparation(rng, salary)
    if _chance(rng, 0.7):
        document["organisation"] = _organisation(rng)
    if _chance(rng, 0.6):  # candidates too: the engine must ignore it for them
        document["exit_plan"] = _exit_plan(rng)
    return document


def situations() -> st.SearchStrategy[dict[str, Any]]:
    """Hypothesis strategy of valid situation documents."""
    return st.builds(random_situation, st.randoms(use_true_random=False))
