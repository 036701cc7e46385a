"""The OpenAPI contract and the code agree on what is valid.

A schema-valid request that the code refuses is a broken promise to every client (and a
schemathesis failure on some random seed): the cross-field rules written as if/then in
the contract must select the same situations as ``batna.schemas.checks``, the amount caps
must sit where the validator puts them, and query parameters must take every value
their schema allows.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import jsonschema_rs
import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from litestar import Litestar

from batna.engine import Engine
from batna.errors import ValidationFailed
from batna.schemas.situation import OutsideOffer
from tests.conftest import load_case
from tests.contract.schemathesis_hooks import _COMPARISONS
from tests.situations import situations

ENCODER = msgspec.json.Encoder(decimal_format="number")
# The issues a contract-valid situation may still get: rules comparing two values.
COMPARISON_CODES = {code for code, _ in _COMPARISONS}
STATUSES = next(
    f.type.values  # type: ignore[attr-defined]
    for f in msgspec.inspect.type_info(OutsideOffer).fields  # type: ignore[attr-defined]
    if f.name == "status"
)


@pytest.fixture(scope="module")
def contract(app: Litestar) -> jsonschema_rs.Validator:
    """A validator for the Situation component of the live document."""
    document = json.loads(app.state.openapi)
    schemas = json.loads(
        json.dumps(document["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    )
    return jsonschema_rs.validator_for({**schemas["Situation"], "$defs": schemas})


def _contract_accepts(contract: jsonschema_rs.Validator, doc: dict[str, Any]) -> bool:
    return bool(contract.is_valid(json.loads(ENCODER.encode(doc))))


def _issues(engine: Engine, doc: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        engine.parse(json.loads(ENCODER.encode(doc), parse_float=Decimal))
    except ValidationFailed as exc:
        return [(issue.code, issue.path) for issue in exc.issues]
    return []


def _codes(engine: Engine, doc: dict[str, Any]) -> set[str]:
    return {code for code, _ in _issues(engine, doc)}


def _set(section: dict[str, Any], name: str, choice: str, value: object) -> None:
    """Leave ``name`` out, send it as null, or give it ``value``."""
    section.pop(name, None)
    if choice == "null":
        section[name] = None
    elif choice == "value":
        section[name] = value


_PRESENCE = st.sampled_from(["absent", "null", "value"])
Step = Callable[[dict[str, Any], st.DrawFn], None]


def _field(section: str, name: str, value: Callable[[dict[str, Any]], object]) -> Step:
    """A step that leaves out, nulls or sets one field (its value read from the document)."""

    def step(doc: dict[str, Any], draw: st.DrawFn) -> None:
        part = doc.setdefault(section, {})
        _set(part, name, draw(_PRESENCE), value(part) or value({}))

    return step


def _choice(section: str, name: str, values: Sequence[str]) -> Step:
    def step(doc: dict[str, Any], draw: st.DrawFn) -> None:
        doc[section][name] = draw(st.sampled_from(values))

    return step


def _ask_currency(doc: dict[str, Any], draw: st.DrawFn) -> None:
    _set(doc["ask"], "currency", draw(_PRESENCE), doc["person"]["currency"])


def _offer_in_own_currency(doc: dict[str, Any], _: st.DrawFn) -> None:
    doc["outside_offer"]["currency"] = doc["person"]["currency"]


# Every field a conditional rule reads, changed one at a time; a value set is one that
# keeps the comparison rules where it can (a total at least the base, a range in order).
_STEPS: list[Step] = [
    _choice("person", "negotiating_as", ["employee", "candidate"]),
    _field("person", "current_base_salary", lambda p: p.get("current_total_comp", 70000)),
    _choice("outside_offer", "status", STATUSES),
    _field("outside_offer", "base_salary", lambda o: o.get("total_comp", 50000)),
    _field("outside_offer", "total_comp", lambda o: o.get("base_salary", 60000)),
    _field("outside_offer", "currency", lambda o: o.get("currency", "CHF")),
    _field("outside_offer", "fx_rate_to_person_currency", lambda _: 1),
    _field("outside_offer", "expiry_date", lambda _: "2030-01-01"),
    _field("outside_offer", "would_accept", lambda _: "maybe"),
    _choice("ask", "disclosure_to_manager", ["exact", "vague", "none"]),
    _field("ask", "target_amount", lambda a: a.get("proposed_range_low", 80000)),
    _field("ask", "counterparty_offer_base", lambda _: 70000),
    _field("ask", "proposed_range_low", lambda a: a.get("proposed_range_high", 80000)),
    _field("ask", "proposed_range_high", lambda a: a.get("proposed_range_low", 90000)),
    _ask_currency,
    _offer_in_own_currency,
]


@st.composite
def _near_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A valid situation with one or two of the fields the conditional rules read changed."""
    doc = copy.deepcopy(draw(situations()))
    for _ in range(draw(st.integers(1, 2))):
        draw(st.sampled_from(_STEPS))(doc, draw)
    return doc


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_near_rules())
def test_contract_and_validator_accept_the_same_situations(
    contract: jsonschema_rs.Validator, engine: Engine, doc: dict[str, Any]
) -> None:
    issues = _issues(engine, doc)
    body = json.loads(ENCODER.encode(doc))
    # Situations breaking a comparison rule are the contract's known blind spot (tested below).
    assume(not any((rule := _COMPARISONS.get(i)) is not None and rule(body) for i in issues))
    assert _contract_accepts(contract, doc) == (not issues), (issues, doc)


def _none_offer(**fields: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["outside_offer"] = {"status": "none", **fields}
        doc["ask"]["disclosure_to_manager"] = "none"

    return mutate


def _hint(**fields: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["outside_offer"] = {"status": "hint", "would_accept": "maybe", **fields}
        doc["ask"]["disclosure_to_manager"] = "vague"
        doc["outside_offer"] = {k: v for k, v in doc["outside_offer"].items() if v != "DROP"}

    return mutate


def _ask(**fields: object) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["ask"].update(fields)


def _candidate(**ask: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["person"]["negotiating_as"] = "candidate"
        doc["ask"].update(ask)

    return mutate


RANGE = {"currency": "USD", "target_amount": 70000}
# One rule at a time, broken (False) and kept (True), from TC-04 (an employee, a written
# offer in USD, no ask amounts). The property test above finds their interactions.
_RULES: dict[str, tuple[Callable[[dict[str, Any]], None], bool]] = {
    "employee without base": (lambda d: d["person"].pop("current_base_salary"), False),
    "employee with null base": (lambda d: d["person"].update(current_base_salary=None), False),
    "candidate without base": (
        lambda d: _candidate()(d) or d["person"].pop("current_base_salary"),
        True,
    ),
    "no offer, with a base": (_none_offer(base_salary=1), False),
    "no offer, with an expiry": (_none_offer(expiry_date="2030-01-01"), False),
    "no offer, with would_accept": (_none_offer(would_accept="no"), False),
    "no offer, details null": (
        _none_offer(base_salary=None, currency=None, would_accept=None),
        True,
    ),
    "no offer, context given": (_none_offer(remote_policy="remote", source="unknown"), True),
    "no offer, disclosed vaguely": (
        lambda d: _none_offer()(d) or _ask(disclosure_to_manager="vague")(d),
        False,
    ),
    "written, no base": (lambda d: d["outside_offer"].pop("base_salary"), False),
    "verbal, all given": (lambda d: d["outside_offer"].update(status="verbal"), True),
    "signed, null base": (
        lambda d: d["outside_offer"].update(status="signed", base_salary=None),
        False,
    ),
    "hint, no would_accept": (_hint(would_accept="DROP"), False),
    "hint, null would_accept": (_hint(would_accept=None), False),
    "hint, no amounts": (_hint(), True),
    "hint, exact disclosure": (
        lambda d: _hint()(d) or _ask(disclosure_to_manager="exact")(d),
        False,
    ),
    "hint, total without currency": (_hint(total_comp=5), False),
    "hint, total with currency": (_hint(total_comp=5, currency="EUR"), True),
    "base and total without currency": (lambda d: d["outside_offer"].pop("currency"), False),
    "base without currency": (
        lambda d: [d["outside_offer"].pop(k) for k in ("currency", "total_comp")],
        False,
    ),
    "target without currency": (_ask(target_amount=70000), False),
    "target with null currency": (_ask(target_amount=70000, currency=None), False),
    "null target, no currency": (_ask(target_amount=None), True),
    "counterparty without currency": (_ask(counterparty_offer_base=70000), False),
    "low end only": (_ask(**RANGE, proposed_range_low=70000), False),
    "high end only": (_ask(**RANGE, proposed_range_high=80000), False),
    "a range": (_ask(**RANGE, proposed_range_low=70000, proposed_range_high=80000), True),
    "a range, no target": (
        _ask(currency="USD", proposed_range_low=70000, proposed_range_high=80000),
        False,
    ),
    "candidate target, no offer base": (_candidate(**RANGE), False),
    "candidate target and offer base": (_candidate(**RANGE, counterparty_offer_base=60000), True),
}


@pytest.mark.parametrize("rule", sorted(_RULES))
def test_each_conditional_rule_is_in_the_contract(
    contract: jsonschema_rs.Validator, engine: Engine, rule: str
) -> None:
    mutate, valid = _RULES[rule]
    doc = copy.deepcopy(load_case("TC-04")["payload"])
    mutate(doc)
    assert (not _issues(engine, doc)) is valid, _issues(engine, doc)
    assert _contract_accepts(contract, doc) is valid


_CAPS_CASES = [
    # (section, field, currency field), one per kind of amount
    ("person", "current_base_salary", "person"),
    ("outside_offer", "base_salary", "outside_offer"),
    ("outside_offer", "total_comp", "outside_offer"),
    ("ask", "target_amount", "ask"),
    ("preparation", "market_reference_amount", "person"),
]


@pytest.mark.parametrize(("section", "field", "currency_in"), _CAPS_CASES)
@pytest.mark.parametrize("currency", ["USD", "JPY", "KRW", "IDR", "IRR"])
def test_amount_caps_sit_where_the_validator_puts_them(
    contract: jsonschema_rs.Validator,
    engine: Engine,
    section: str,
    field: str,
    currency_in: str,
    currency: str,
) -> None:
    cap = engine.ruleset.settings.amount_caps.cap(currency)
    doc = load_case("TC-04")["payload"]
    doc["person"]["currency"] = currency
    doc["outside_offer"] |= {"currency": currency, "base_salary": 1, "total_comp": 1}
    doc["outside_offer"].pop("fx_rate_to_person_currency", None)
    doc["ask"] = {k: v for k, v in doc["ask"].items() if "amount" not in k and "range" not in k}
    doc["ask"].pop("counterparty_offer_base", None)
    doc["ask"]["currency"] = currency
    doc["preparation"] = {}
    doc["person"].pop("current_total_comp", None)
    assert doc[currency_in]["currency"] == currency
    for amount, valid in ((cap, True), (cap + Decimal("0.01"), False)):
        doc.setdefault(section, {})[field] = amount
        if section == "outside_offer" and field == "base_salary":
            doc["outside_offer"]["total_comp"] = amount
        assert ("AMOUNT_OUT_OF_RANGE" not in _codes(engine, doc)) is valid, amount
        assert _contract_accepts(contract, doc) is valid, amount


def test_comparison_rules_are_what_the_contract_leaves_to_the_validator(
    contract: jsonschema_rs.Validator, engine: Engine
) -> None:
    """Each rule the schemathesis hook lets through is real, and the contract cannot see it."""
    base = load_case("TC-04")["payload"]
    breaks = {
        "RANGE_INVERTED": lambda d: d["ask"].update(
            currency=d["person"]["currency"],
            target_amount=100000,
            proposed_range_low=120000,
            proposed_range_high=110000,
        ),
        "OFFER_FIELDS_INCONSISTENT": lambda d: d["outside_offer"].update(
            base_salary=100000, total_comp=90000
        ),
        "ASK_CURRENCY_MISMATCH": lambda d: d["ask"].update(
            currency="CHF" if d["person"]["currency"] != "CHF" else "EUR", target_amount=100000
        ),
        "FX_RATE_INVALID": lambda d: d["outside_offer"].update(
            currency=d["person"]["currency"], fx_rate_to_person_currency=Decimal("1.5")
        ),
    }
    for code, breaking in breaks.items():
        doc = copy.deepcopy(base)
        breaking(doc)
        assert code in _codes(engine, doc), code
        assert _contract_accepts(contract, doc), code
    assert set(breaks) <= COMPARISON_CODES


def _with_tenure(literal: str) -> str:
    doc = json.loads(ENCODER.encode(load_case("TC-04")["payload"]))
    doc["person"]["tenure_months"] = "TENURE"
    return json.dumps(doc).replace('"TENURE"', literal)


@pytest.mark.parametrize("literal", ["12", "12.0", "1.2E+1", "120e-1"])
def test_an_integer_is_any_number_without_a_fraction(engine: Engine, literal: str) -> None:
    """JSON Schema's ``integer`` takes 12.0; so does the validator (it refused it before)."""
    assert engine.decode(_with_tenure(literal)).person.tenure_months == 12


@pytest.mark.parametrize(
    ("literal", "code"), [("12.5", "INVALID_TYPE"), ("1E+99", "TENURE_INVALID")]
)
def test_a_fraction_or_a_huge_number_is_still_refused(
    engine: Engine, literal: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        engine.decode(_with_tenure(literal))
    assert [(i.code, i.path) for i in refused.value.issues] == [(code, "/person/tenure_months")]
