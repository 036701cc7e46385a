"""Cross-field checks of docs/rules.md §4 over a structurally valid situation document.

They run on the cleaned document (valid values only) rather than on the Struct, so that
one request reports its structural and its cross-field issues together. A field that
was present but invalid is in ``invalid`` and is not reported a second time as missing.
A field counts as sent when its value is not None: the walk drops nulls, and the
decoder's fast path hands in a decoded Struct's fields with their None defaults.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.errors import Issue

if TYPE_CHECKING:
    from batna.schemas.rules import AmountCaps

__all__ = ["ASK_AMOUNTS", "CONCRETE", "OFFER_DETAIL", "check_situation", "struct_sections"]

# Shared with batna.schemas.crossfield, which states the same rules in the contract.
CONCRETE: Final = ("verbal", "written", "signed")
OFFER_DETAIL: Final = (
    "base_salary",
    "total_comp",
    "currency",
    "fx_rate_to_person_currency",
    "expiry_date",
    "would_accept",
)
ASK_AMOUNTS: Final = (
    "target_amount",
    "counterparty_offer_base",
    "proposed_range_low",
    "proposed_range_high",
)

_ASK_PATHS: Final = {name: f"/ask/{name}" for name in ASK_AMOUNTS}


class _Checks:
    """One document's sections and the issues found so far."""

    def __init__(self, doc: dict[str, Any], invalid: frozenset[str]) -> None:
        self.person: dict[str, Any] = doc.get("person", {})
        self.offer: dict[str, Any] = doc.get("outside_offer", {})
        self.ask: dict[str, Any] = doc.get("ask", {})
        self.prep: dict[str, Any] = doc.get("preparation", {})
        self.invalid = invalid
        self.issues: list[Issue] = []

    def add(self, code: str, path: str, message: str) -> None:
        self.issues.append(Issue(code=code, path=path, message=message))

    def absent(self, section: dict[str, Any], name: str, path: str) -> bool:
        """Not sent at all (a present but invalid value was reported already)."""
        return section.get(name) is None and path not in self.invalid

    def require(self, section: dict[str, Any], path: str, message: str) -> None:
        name = path.rsplit("/", 1)[1]
        if self.absent(section, name, path):
            self.add("REQUIRED_FIELD_MISSING", path, message)


def _person(c: _Checks) -> None:
    if c.person.get("negotiating_as") == "employee":
        c.require(
            c.person,
            "/person/current_base_salary",
            "current_base_salary is required when negotiating as an employee.",
        )
    base, total = c.person.get("current_base_salary"), c.person.get("current_total_comp")
    if base is not None and total is not None and total < base:
        c.add(
            "TOTAL_COMP_BELOW_BASE",
            "/person/current_total_comp",
            "current_total_comp includes the base, so it cannot be below current_base_salary.",
        )


def _offer(c: _Checks) -> None:
    offer, status = c.offer, c.offer.get("status")
    if status == "none":
        for name in OFFER_DETAIL:
            if offer.get(name) is not None:
                c.add(
                    "OFFER_FIELDS_INCONSISTENT",
                    f"/outside_offer/{name}",
                    f"{name} must be absent when there is no outside offer.",
                )
    elif status is not None:
        if status in CONCRETE:
            c.require(
                offer, "/outside_offer/base_salary", f"A {status} offer needs its base_salary."
            )
        c.require(
            offer, "/outside_offer/would_accept", "Say whether you would really accept the offer."
        )
    base, total = offer.get("base_salary"), offer.get("total_comp")
    if base is not None or total is not None:
        c.require(
            offer,
            "/outside_offer/currency",
            "The offer's currency is required when an amount is given.",
        )
    if total is not None and base is not None and total < base:
        c.add(
            "OFFER_FIELDS_INCONSISTENT",
            "/outside_offer/total_comp",
            "total_comp cannot be below base_salary.",
        )
    fx, currency = offer.get("fx_rate_to_person_currency"), offer.get("currency")
    if fx is not None and currency is not None and currency == c.person.get("currency") and fx != 1:
        c.add(
            "FX_RATE_INVALID",
            "/outside_offer/fx_rate_to_person_currency",
            "The offer is in your own currency, so the rate must be absent or 1.",
        )


def _disclosure(c: _Checks) -> None:
    status, disclosure = c.offer.get("status"), c.ask.get("disclosure_to_manager")
    if status == "none" and disclosure not in {None, "none"}:
        c.add(
            "DISCLOSURE_INCONSISTENT",
            "/ask/disclosure_to_manager",
            "There is no outside offer to disclose.",
        )
    elif status == "hint" and disclosure == "exact":
        c.add(
            "DISCLOSURE_INCONSISTENT",
            "/ask/disclosure_to_manager",
            "A hint of interest has no exact terms to disclose.",
        )


def _ask(c: _Checks) -> None:
    ask, currency = c.ask, c.person.get("currency")
    if any(ask.get(name) is not None for name in ASK_AMOUNTS):
        c.require(ask, "/ask/currency", "The ask's currency is required when an amount is given.")
    ask_currency = ask.get("currency")
    if ask_currency is not None and currency is not None and ask_currency != currency:
        c.add(
            "ASK_CURRENCY_MISMATCH",
            "/ask/currency",
            f"Ask amounts must be in your own currency ({currency}).",
        )
    low, high = ask.get("proposed_range_low"), ask.get("proposed_range_high")
    either_bad = {"/ask/proposed_range_low", "/ask/proposed_range_high"} & c.invalid
    if (low is None) != (high is None) and not either_bad:
        missing = "proposed_range_high" if high is None else "proposed_range_low"
        c.add("RANGE_INCOMPLETE", f"/ask/{missing}", "Give both ends of the range, or neither.")
    if low is not None and high is not None and low > high:
        c.add(
            "RANGE_INVERTED",
            "/ask/proposed_range_low",
            "The low end of the range is above the high end.",
        )
    if (low is not None or high is not None) and c.absent(
        ask, "target_amount", "/ask/target_amount"
    ):
        c.add(
            "RANGE_WITHOUT_TARGET",
            "/ask/target_amount",
            "A range needs a target amount (your target should be its low end).",
        )
    if (
        c.person.get("negotiating_as") == "candidate"
        and ask.get("target_amount") is not None
        and c.absent(ask, "counterparty_offer_base", "/ask/counterparty_offer_base")
    ):
        c.add(
            "CANDIDATE_BASELINE_REQUIRED",
            "/ask/counterparty_offer_base",
            "As a candidate with a target, give the base the employer offered you.",
        )


def _amounts(c: _Checks, caps: AmountCaps) -> None:
    currency, offer_currency = c.person.get("currency"), c.offer.get("currency")
    own, offered = caps.cap(currency), caps.cap(offer_currency)
    amounts: list[tuple[str, Decimal | None, str | None, Decimal]] = [
        ("/person/current_base_salary", c.person.get("current_base_salary"), currency, own),
        ("/person/current_total_comp", c.person.get("current_total_comp"), currency, own),
        ("/outside_offer/base_salary", c.offer.get("base_salary"), offer_currency, offered),
        ("/outside_offer/total_comp", c.offer.get("total_comp"), offer_currency, offered),
        (
            "/preparation/market_reference_amount",
            c.prep.get("market_reference_amount"),
            currency,
            own,
        ),
        *((_ASK_PATHS[name], c.ask.get(name), currency, own) for name in ASK_AMOUNTS),
    ]
    for path, amount, unit, cap in amounts:
        if amount is not None and amount > cap:
            c.add(
                "AMOUNT_OUT_OF_RANGE",
                path,
                f"{amount} {unit or ''} is above the plausible maximum of {cap}.",
            )


def struct_sections(situation: object) -> dict[str, Any]:
    """The sections ``check_situation`` reads, from a decoded Situation (nulls included)."""
    asdict = msgspec.structs.asdict
    return {
        "person": asdict(situation.person),  # type: ignore[attr-defined]
        "outside_offer": asdict(situation.outside_offer),  # type: ignore[attr-defined]
        "ask": asdict(situation.ask),  # type: ignore[attr-defined]
        "preparation": asdict(situation.preparation),  # type: ignore[attr-defined]
    }


def check_situation(doc: dict[str, Any], caps: AmountCaps, invalid: frozenset[str]) -> list[Issue]:
    """Return every §4 cross-field issue in ``doc`` (unsorted)."""
    checks = _Checks(doc, invalid)
    _person(checks)
    _offer(checks)
    _disclosure(checks)
    _ask(checks)
    _amounts(checks, caps)
    return checks.issues
