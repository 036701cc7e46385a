"""The cross-field rules of ``batna.schemas.checks``, stated in JSON Schema for the contract.

Without them the OpenAPI document calls a situation valid that the validator refuses
(an offer of status ``hint`` with no ``would_accept``, a range with one end …), so
clients and contract tests cannot know what a 422 will be for. Each rule is an
``if``/``then`` in the ``allOf`` of the component it constrains. A null counts as absent,
as in the validator (it drops nulls before the checks).

Rules that compare two values (a range's ends, total pay against base, the ask's
currency against the person's, an exchange rate of 1 for the same currency) have no
JSON Schema form; they stay 422 problems of the validator alone.
``tests/contract/test_contract_agreement.py`` holds the two to the same answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from batna.schemas.checks import ASK_AMOUNTS, CONCRETE, OFFER_DETAIL
from batna.schemas.situation import CAPPED

if TYPE_CHECKING:
    from batna.schemas.rules import AmountCaps

__all__ = ["conditional_rules"]

Schema = dict[str, Any]


def _present(name: str) -> Schema:
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def _absent(name: str) -> Schema:
    return {"properties": {name: {"type": "null"}}}


def _one_of_values(name: str, *values: str) -> Schema:
    return {"required": [name], "properties": {name: {"enum": list(values)}}}


def _when(condition: Schema, then: Schema) -> Schema:
    return {"if": condition, "then": then}


def _first(*cases: tuple[Schema, Schema]) -> Schema:
    """``if c1 then t1 else if c2 then t2 …``: for exclusive cases, one branch each.

    Separate ``if``/``then`` pairs would mean the same, but a generator expands each pair
    into two branches and multiplies them out (2^n); schemathesis gave up on the
    Situation written that way.
    """
    (condition, then), *rest = cases
    chained: Schema = {"if": condition, "then": then}
    if rest:
        chained["else"] = _first(*rest)
    return chained


def _all(*parts: Schema) -> Schema:
    return parts[0] if len(parts) == 1 else {"allOf": list(parts)}


def _within(section: str, schema: Schema) -> Schema:
    """``schema`` applied to the ``section`` property of a situation."""
    return {"required": [section], "properties": {section: schema}}


def _amounts(section: str) -> list[str]:
    """The fields of ``section`` typed ``Amount``: the money held to a currency's cap."""
    return [name for owner, name in CAPPED if owner == section]


def _person() -> list[Schema]:
    return [
        _when(
            _one_of_values("negotiating_as", "employee"),
            _present("current_base_salary"),
        )
    ]


def _offer() -> list[Schema]:
    return [
        _when(_one_of_values("status", "none"), _all(*(_absent(n) for n in OFFER_DETAIL))),
        _when(_one_of_values("status", *CONCRETE), _present("base_salary")),
        _when(_one_of_values("status", "hint", *CONCRETE), _present("would_accept")),
        _when(_present("base_salary"), _present("currency")),
        _when(_present("total_comp"), _present("currency")),
    ]


def _ask() -> list[Schema]:
    low, high = "proposed_range_low", "proposed_range_high"
    return [
        *(_when(_present(name), _present("currency")) for name in ASK_AMOUNTS),
        _when(_present(low), _present(high)),
        _when(_present(high), _present(low)),
        _when(_present(low), _present("target_amount")),
        _when(_present(high), _present("target_amount")),
    ]


def _status(*values: str) -> Schema:
    return _within("outside_offer", _one_of_values("status", *values))


def _disclosure(*values: str) -> Schema:
    return _within("ask", _one_of_values("disclosure_to_manager", *values))


def _situation() -> list[Schema]:
    return [
        _first(
            (_status("none"), _disclosure("none")),
            (_status("hint"), _disclosure("vague", "none")),
        ),
        _when(
            _all(
                _within("person", _one_of_values("negotiating_as", "candidate")),
                _within("ask", _present("target_amount")),
            ),
            _within("ask", _present("counterparty_offer_base")),
        ),
    ]


def _cap_groups(caps: AmountCaps) -> list[tuple[Decimal, Schema]]:
    """Each distinct cap with the currencies it applies to (a schema for the code)."""
    by_cap: dict[Decimal, list[str]] = {}
    for code, cap in sorted(caps.overrides.items()):
        by_cap.setdefault(cap, []).append(code)
    others: Schema = {"not": {"enum": sorted(caps.overrides)}} if caps.overrides else {}
    return [
        (caps.default, others),
        *((cap, {"enum": codes}) for cap, codes in sorted(by_cap.items())),
    ]


def _capped(names: list[str], cap: Decimal) -> Schema:
    return {"properties": {name: {"maximum": _number(cap)} for name in names}}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _caps(caps: AmountCaps, names: list[str], section: str | None = None) -> Schema:
    """``names`` capped by the currency beside them (AMOUNT_OUT_OF_RANGE).

    With ``section``, the names are in that section of a situation and the currency is
    the person's.
    """
    cases = []
    for cap, codes in _cap_groups(caps):
        in_currency: Schema = {"required": ["currency"], "properties": {"currency": codes}}
        capped = _capped(names, cap)
        if section is not None:
            in_currency = _within("person", in_currency)
            capped = {"properties": {section: capped}}
        cases.append((in_currency, capped))
    return _first(*cases)


def conditional_rules(caps: AmountCaps) -> dict[str, list[Schema]]:
    """``allOf`` entries per component name (Person, OutsideOffer, Ask, Situation).

    Amount caps go by the currency beside the amount. The ask's go by the ask's currency,
    which must equal the person's (a comparison left to the validator): capping them by
    the person's would add a rule across sections, and those multiply out for generators.
    """
    return {
        "Person": [*_person(), _caps(caps, _amounts("person"))],
        "OutsideOffer": [*_offer(), _caps(caps, _amounts("outside_offer"))],
        "Ask": [*_ask(), _caps(caps, _amounts("ask"))],
        "Situation": [*_situation(), _caps(caps, _amounts("preparation"), "preparation")],
    }
