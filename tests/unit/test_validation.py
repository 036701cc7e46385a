"""Validation (docs/rules.md §4): every issue at once, the spec's codes, JSON-pointer paths."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from batna.engine import Engine
from batna.errors import ValidationFailed
from batna.schemas.decode import MalformedJSON
from tests.conftest import load_case


def _issues(engine: Engine, document: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        engine.parse(document)
    return [(i.code, i.path) for i in caught.value.issues]


@pytest.fixture
def harts() -> dict[str, Any]:
    return copy.deepcopy(load_case("TC-04")["payload"])


def test_valid_payload_parses(engine: Engine, harts: dict[str, Any]) -> None:
    situation = engine.parse(harts)
    assert situation.person.current_base_salary == Decimal(60000)
    assert situation.preparation.market_data_gathered is None  # absent section = unknown


def test_every_issue_is_reported_at_once_sorted(engine: Engine, harts: dict[str, Any]) -> None:
    harts["person"]["current_base_salary"] = "60000"  # a string, not a number
    harts["ask"]["framing"] = "threat"
    harts["as_of_date"] = "2025-02-30"
    harts["person"]["currency"] = "usd"
    harts["ask"]["colour"] = "blue"
    harts["outside_offer"]["total_comp"] = 1000  # below the base
    assert _issues(engine, harts) == [
        ("INVALID_DATE", "/as_of_date"),
        ("UNKNOWN_FIELD", "/ask/colour"),
        ("INVALID_ENUM", "/ask/framing"),
        ("OFFER_FIELDS_INCONSISTENT", "/outside_offer/total_comp"),
        ("INVALID_CURRENCY", "/person/currency"),
        ("INVALID_TYPE", "/person/current_base_salary"),
    ]


def test_missing_section_reports_only_the_section(engine: Engine, harts: dict[str, Any]) -> None:
    del harts["ask"]
    assert _issues(engine, harts) == [("REQUIRED_FIELD_MISSING", "/ask")]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d.update(schema_version="2.0"),
            ("UNSUPPORTED_SCHEMA_VERSION", "/schema_version"),
        ),
        (
            lambda d: d["alternatives"].pop("prepared_to_walk_away"),
            ("REQUIRED_FIELD_MISSING", "/alternatives/prepared_to_walk_away"),
        ),
        (
            lambda d: d["alternatives"].update(prepared_to_walk_away=None),
            ("REQUIRED_FIELD_MISSING", "/alternatives/prepared_to_walk_away"),
        ),
        (
            lambda d: d["person"].update(current_base_salary=0),
            ("AMOUNT_NOT_POSITIVE", "/person/current_base_salary"),
        ),
        (
            lambda d: d["outside_offer"].update(base_salary=-5),
            ("AMOUNT_NOT_POSITIVE", "/outside_offer/base_salary"),
        ),
        (
            lambda d: d["person"].update(current_base_salary=5_000_000_000),
            ("AMOUNT_OUT_OF_RANGE", "/person/current_base_salary"),
        ),
        (
            lambda d: d["person"].update(current_base_salary=True),
            ("INVALID_TYPE", "/person/current_base_salary"),
        ),
        (
            lambda d: d["person"].update(tenure_months=721),
            ("TENURE_INVALID", "/person/tenure_months"),
        ),
        (
            lambda d: d["person"].update(tenure_months=1.5),
            ("INVALID_TYPE", "/person/tenure_months"),
        ),
        (
            lambda d: d.update(alternatives={**d["alternatives"], "savings_runway_months": 601}),
            ("RUNWAY_INVALID", "/alternatives/savings_runway_months"),
        ),
        (
            lambda d: d["exit_plan"].update(notice_period_weeks=Decimal("52.5")),
            ("NOTICE_INVALID", "/exit_plan/notice_period_weeks"),
        ),
        (
            lambda d: d["person"].pop("current_base_salary"),
            ("REQUIRED_FIELD_MISSING", "/person/current_base_salary"),
        ),
        (
            lambda d: d["outside_offer"].pop("base_salary"),
            ("REQUIRED_FIELD_MISSING", "/outside_offer/base_salary"),
        ),
        (
            lambda d: d["outside_offer"].pop("would_accept"),
            ("REQUIRED_FIELD_MISSING", "/outside_offer/would_accept"),
        ),
        (
            lambda d: d["outside_offer"].update(fx_rate_to_person_currency=Decimal("1.1")),
            ("FX_RATE_INVALID", "/outside_offer/fx_rate_to_person_currency"),
        ),
        (
            lambda d: d["outside_offer"].update(currency="XYZ"),
            ("INVALID_CURRENCY", "/outside_offer/currency"),
        ),
        (
            lambda d: d["ask"].update(target_amount=90000, currency="EUR"),
            ("ASK_CURRENCY_MISMATCH", "/ask/currency"),
        ),
        (
            lambda d: d["ask"].update(target_amount=90000),
            ("REQUIRED_FIELD_MISSING", "/ask/currency"),
        ),
        (
            lambda d: d["ask"].update(
                target_amount=90000, currency="USD", proposed_range_low=90000
            ),
            ("RANGE_INCOMPLETE", "/ask/proposed_range_high"),
        ),
        (
            lambda d: d["ask"].update(currency="USD", proposed_range_low=9, proposed_range_high=10),
            ("RANGE_WITHOUT_TARGET", "/ask/target_amount"),
        ),
        (
            lambda d: d["ask"].update(justifications=["market_data", "bribery"]),
            ("INVALID_ENUM", "/ask/justifications/1"),
        ),
        (
            lambda d: d["ask"].update(justifications="market_data"),
            ("INVALID_TYPE", "/ask/justifications"),
        ),
        (lambda d: d["person"].update(role_title=""), ("INVALID_LENGTH", "/person/role_title")),
        (
            lambda d: d["person"].update(role_title="x" * 121),
            ("INVALID_LENGTH", "/person/role_title"),
        ),
        (
            lambda d: d["ask"].update(planned_date="03/03/2025"),
            ("INVALID_DATE", "/ask/planned_date"),
        ),
        (lambda d: d["ask"].update(planned_date=20250303), ("INVALID_TYPE", "/ask/planned_date")),
        (lambda d: d.update(preparation=[]), ("INVALID_TYPE", "/preparation")),
        (lambda d: d["person"].update({"a/b~c": 1}), ("UNKNOWN_FIELD", "/person/a~1b~0c")),
    ],
)
def test_single_issue_codes(
    engine: Engine, harts: dict[str, Any], mutate: Any, expected: tuple[str, str]
) -> None:
    harts.setdefault("exit_plan", {})
    mutate(harts)
    assert _issues(engine, harts) == [expected]


def test_offer_none_with_details_is_inconsistent(engine: Engine, harts: dict[str, Any]) -> None:
    harts["outside_offer"]["status"] = "none"
    harts["ask"]["disclosure_to_manager"] = "none"
    codes = _issues(engine, harts)
    assert ("OFFER_FIELDS_INCONSISTENT", "/outside_offer/base_salary") in codes
    assert ("OFFER_FIELDS_INCONSISTENT", "/outside_offer/would_accept") in codes
    assert all(code == "OFFER_FIELDS_INCONSISTENT" for code, _ in codes)


@pytest.mark.parametrize(("status", "disclosure"), [("none", "vague"), ("hint", "exact")])
def test_disclosure_inconsistent(engine: Engine, status: str, disclosure: str) -> None:
    payload = copy.deepcopy(load_case("TC-03")["payload"])
    payload["outside_offer"] = {"status": status} | (
        {"would_accept": "maybe"} if status == "hint" else {}
    )
    payload["ask"]["disclosure_to_manager"] = disclosure
    assert ("DISCLOSURE_INCONSISTENT", "/ask/disclosure_to_manager") in _issues(engine, payload)


def test_candidate_target_needs_baseline(engine: Engine) -> None:
    payload = copy.deepcopy(load_case("TC-02")["payload"])
    del payload["ask"]["counterparty_offer_base"]
    assert _issues(engine, payload) == [
        ("CANDIDATE_BASELINE_REQUIRED", "/ask/counterparty_offer_base")
    ]


def test_non_object_body(engine: Engine) -> None:
    assert _issues(engine, [1, 2]) == [("INVALID_TYPE", "")]


def test_malformed_json_is_not_a_validation_issue(engine: Engine) -> None:
    with pytest.raises(MalformedJSON):
        engine.decode(b'{"schema_version": ')


def test_numbers_are_decimals_not_floats(engine: Engine) -> None:
    raw = (
        b'{"schema_version":"1.0","person":{"negotiating_as":"employee","role_title":"x",'
        b'"current_base_salary":85000.10,"currency":"USD"},"outside_offer":{"status":"none"},'
        b'"alternatives":{"batna_strength":"weak","prepared_to_walk_away":false},'
        b'"ask":{"type":"raise","framing":"question","disclosure_to_manager":"none"}}'
    )
    situation = engine.decode(raw)
    assert situation.person.current_base_salary == Decimal("85000.10")
