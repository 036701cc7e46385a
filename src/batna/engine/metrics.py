"""The arithmetic derived facts of docs/rules.md §5, computed once per situation in Decimal.

Logical facts (``hardball``, ``uses_offer`` …) are not here: they are ``derive`` rules in
``rules/`` so durable-rules chains them. This module owns only numbers and dates, which
a rule engine should not be doing arithmetic on.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

import msgspec

if TYPE_CHECKING:
    from batna.schemas.rules import RulesetSettings
    from batna.schemas.situation import Situation

__all__ = ["Metrics", "compute_metrics", "round2"]

_CENT: Final = Decimal("0.01")
_HUNDRED: Final = Decimal(100)
_ROUND_DIGITS: Final = 3  # "round" = a whole number with at most this many significant digits
_PREP_FLAGS: Final = (
    "market_data_gathered",
    "best_precedent_known",
    "company_negotiation_norms_known",
    "mentors_consulted",
    "role_play_done",
    "impact_evidence_prepared",
    "manager_tipped_off_early",
)


def round2(value: Decimal) -> Decimal:
    """Round half-up to 2 dp, the spec's rule for every derived percentage and amount."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


class Metrics(msgspec.Struct, frozen=True, kw_only=True):
    """Numbers and dates derived from a situation (docs/rules.md §5).

    Attributes:
        as_of_date: The evaluation date used (sent, or today in UTC).
        ref_date: ``planned_date`` if on or after ``as_of_date``, else ``as_of_date``.
        baseline_amount: Employee: current base; candidate: counterparty offer base.
        ask_over_baseline_pct: Target over baseline, percent, 2 dp.
        offer_base_in_person_currency: Offer base converted with the fx rate, 2 dp.
        offer_premium_pct: Converted offer over baseline, percent, 2 dp.
        offer_total_in_person_currency: Offer total pay converted with the fx rate, 2 dp.
        offer_total_premium_pct: Employees: converted offer total over current total, 2 dp.
        days_to_expiry: Offer expiry minus ``ref_date``, in days.
        offer_expired: Expiry date before ``as_of_date``.
        offer_lapses_before_talk: Live today, but gone by the planned conversation.
        days_lapsed_before_talk: How many days before the conversation it lapses.
        prep_count: Preparation flags confirmed true (0-7).
        range_present: Both ends of the proposed range given.
        range_width_pct: High end of the proposed range over its low end, percent, 2 dp.
        base_to_market_pct: Current base as a percentage of the market reference, 2 dp.
        target_round: The target is a whole number of at most three significant digits
            (100,000, 85,500, JPY 12,300,000), which means the same in every currency.
        suggested_low: Low end of the suggested range (the target).
        suggested_high: High end of the suggested range (target × multiplier, 2 dp).
        notices: Ids of the data notices raised (DATA-001, 002, 004, 005).
    """

    as_of_date: dt.date
    ref_date: dt.date
    baseline_amount: Decimal | None
    ask_over_baseline_pct: Decimal | None
    offer_base_in_person_currency: Decimal | None
    offer_premium_pct: Decimal | None
    offer_total_in_person_currency: Decimal | None
    offer_total_premium_pct: Decimal | None
    days_to_expiry: int | None
    offer_expired: bool
    offer_lapses_before_talk: bool
    days_lapsed_before_talk: int | None
    prep_count: int
    range_present: bool
    range_width_pct: Decimal | None
    base_to_market_pct: Decimal | None
    target_round: bool
    suggested_low: Decimal | None
    suggested_high: Decimal | None
    notices: tuple[str, ...]


def _pct_over(value: Decimal | None, base: Decimal | None) -> Decimal | None:
    if value is None or base is None:
        return None
    return round2((value / base - 1) * _HUNDRED)


def _convert(amount: Decimal | None, fx: Decimal | None) -> Decimal | None:
    return round2(amount * fx) if amount is not None and fx is not None else None


def _is_round(value: Decimal | None) -> bool:
    if value is None or value != value.to_integral_value():
        return False
    digits = str(int(value)).rstrip("0")
    return len(digits) <= _ROUND_DIGITS


def _implausible(value: Decimal | None, base: Decimal | None, high: Decimal, low: Decimal) -> bool:
    if value is None or base is None:
        return False
    ratio = value / base
    return ratio >= high or ratio <= low


def compute_metrics(situation: Situation, settings: RulesetSettings, today: dt.date) -> Metrics:
    """Derive every number the rules and the response need from ``situation``."""
    person, offer, ask = situation.person, situation.outside_offer, situation.ask
    notices: list[str] = []

    as_of = situation.as_of_date
    if as_of is None:
        as_of = today
        notices.append("DATA-004")
    ref_date = as_of
    if ask.planned_date is not None:
        if ask.planned_date >= as_of:
            ref_date = ask.planned_date
        else:
            notices.append("DATA-005")

    baseline = (
        person.current_base_salary
        if person.negotiating_as == "employee"
        else ask.counterparty_offer_base
    )
    target = ask.target_amount

    fx: Decimal | None = None
    if offer.base_salary is not None or offer.total_comp is not None:
        if offer.currency is None or offer.currency == person.currency:
            fx = Decimal(1)
        elif offer.fx_rate_to_person_currency is not None:
            fx = offer.fx_rate_to_person_currency
        else:
            notices.append("DATA-001")
    offer_conv = _convert(offer.base_salary, fx)
    total_conv = _convert(offer.total_comp, fx)

    limits = settings.implausible
    if _implausible(offer_conv, baseline, limits.offer_at_least, limits.offer_at_most) or (
        _implausible(target, baseline, limits.target_at_least, limits.target_at_most)
    ):
        notices.append("DATA-002")

    expiry = offer.expiry_date
    days = (expiry - ref_date).days if expiry is not None else None
    expired = expiry is not None and expiry < as_of
    lapses = not expired and days is not None and days < 0
    low, high = ask.proposed_range_low, ask.proposed_range_high
    market = situation.preparation.market_reference_amount
    base_to_market = None
    if market is not None and person.current_base_salary is not None:
        base_to_market = round2(person.current_base_salary / market * _HUNDRED)
    prep = situation.preparation
    return Metrics(
        as_of_date=as_of,
        ref_date=ref_date,
        baseline_amount=baseline,
        ask_over_baseline_pct=_pct_over(target, baseline),
        offer_base_in_person_currency=offer_conv,
        offer_premium_pct=_pct_over(offer_conv, baseline),
        offer_total_in_person_currency=total_conv,
        offer_total_premium_pct=(
            _pct_over(total_conv, person.current_total_comp)
            if person.negotiating_as == "employee"
            else None
        ),
        days_to_expiry=days,
        offer_expired=expired,
        offer_lapses_before_talk=lapses,
        days_lapsed_before_talk=-days if lapses and days is not None else None,
        prep_count=sum(getattr(prep, flag) is True for flag in _PREP_FLAGS),
        range_present=low is not None and high is not None,
        range_width_pct=_pct_over(high, low),
        base_to_market_pct=base_to_market,
        target_round=_is_round(target),
        suggested_low=target,
        suggested_high=(
            round2(target * settings.suggested_range_multiplier) if target is not None else None
        ),
        notices=tuple(sorted(notices)),
    )
