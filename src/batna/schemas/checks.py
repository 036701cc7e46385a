"""Cross-field checks of docs/rules.md §4 over a structurally valid situation.

They read each section by attribute, so that the decoder's fast path runs them on the
decoded Structs as they are (the common case: a valid document, and no copy), while the
walk hands in its cleaned document (valid values only) through ``document_sections``, so
that one request reports its structural and its cross-field issues together. A field
that was present but invalid is in ``invalid`` and is not reported a second time as
missing. A field counts as sent when its value is not None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from batna.errors import Issue
from batna.schemas.situation import CAPPED

if TYPE_CHECKING:
    from batna.schemas.rules import AmountCaps

__all__ = [
    "ASK_AMOUNTS",
    "CONCRETE",
    "OFFER_DETAIL",
    "Sections",
    "cap_currency",
    "check_relations",
    "check_situation",
    "document_sections",
    "struct_sections",
]

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


class _Fields:
    """A section of the walk's cleaned document, read like a Struct: unsent reads as None."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any field's value
        return self._values.get(name)


# person, outside_offer, ask, preparation: Structs, or the walk's sections as _Fields.
Sections = tuple[Any, Any, Any, Any]


def struct_sections(situation: Any) -> Sections:  # noqa: ANN401 - a Situation
    """The sections ``check_situation`` reads, from a decoded Situation."""
    return situation.person, situation.outside_offer, situation.ask, situation.preparation


def document_sections(doc: dict[str, Any]) -> Sections:
    """The sections ``check_situation`` reads, from the walk's cleaned document."""
    return (
        _Fields(doc.get("person", {})),
        _Fields(doc.get("outside_offer", {})),
        _Fields(doc.get("ask", {})),
        _Fields(doc.get("preparation", {})),
    )


class _Checks:
    """One document's sections and the issues found so far."""

    __slots__ = ("ask", "invalid", "issues", "offer", "person", "prep")

    def __init__(self, sections: Sections, invalid: frozenset[str]) -> None:
        self.person, self.offer, self.ask, self.prep = sections
        self.invalid = invalid
        self.issues: list[Issue] = []

    def add(self, code: str, path: str, message: str) -> None:
        self.issues.append(Issue(code=code, path=path, message=message))

    def absent(self, value: object, path: str) -> bool:
        """Not sent at all (a present but invalid value was reported already)."""
        return value is None and path not in self.invalid

    def require(self, value: object, path: str, message: str) -> None:
        if self.absent(value, path):
            self.add("REQUIRED_FIELD_MISSING", path, message)


def _person(c: _Checks) -> None:
    person = c.person
    base, total = person.current_base_salary, person.current_total_comp
    if person.negotiating_as == "employee":
        c.require(
            base,
            "/person/current_base_salary",
            "current_base_salary is required when negotiating as an employee.",
        )
    if base is not None and total is not None and total < base:
        c.add(
            "TOTAL_COMP_BELOW_BASE",
            "/person/current_total_comp",
            "current_total_comp includes the base, so it cannot be below current_base_salary.",
        )


def _offer(c: _Checks) -> None:
    offer = c.offer
    status, base, total = offer.status, offer.base_salary, offer.total_comp
    if status == "none":
        for name in OFFER_DETAIL:
            if getattr(offer, name) is not None:
                c.add(
                    "OFFER_FIELDS_INCONSISTENT",
                    f"/outside_offer/{name}",
                    f"{name} must be absent when there is no outside offer.",
                )
    elif status is not None:
        if status in CONCRETE:
            c.require(
                base, "/outside_offer/base_salary", f"A {status} offer needs its base_salary."
            )
        c.require(
            offer.would_accept,
            "/outside_offer/would_accept",
            "Say whether you would really accept the offer.",
        )
    currency = offer.currency
    if base is not None or total is not None:
        c.require(
            currency,
            "/outside_offer/currency",
            "The offer's currency is required when an amount is given.",
        )
    if total is not None and base is not None and total < base:
        c.add(
            "OFFER_FIELDS_INCONSISTENT",
            "/outside_offer/total_comp",
            "total_comp cannot be below base_salary.",
        )
    fx = offer.fx_rate_to_person_currency
    if fx is not None and currency is not None and currency == c.person.currency and fx != 1:
        c.add(
            "FX_RATE_INVALID",
            "/outside_offer/fx_rate_to_person_currency",
            "The offer is in your own currency, so the rate must be absent or 1.",
        )


def _disclosure(c: _Checks) -> None:
    status, disclosure = c.offer.status, c.ask.disclosure_to_manager
    if status == "none" and disclosure is not None and disclosure != "none":
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
    ask, currency = c.ask, c.person.currency
    target, baseline = ask.target_amount, ask.counterparty_offer_base
    low, high = ask.proposed_range_low, ask.proposed_range_high
    ask_currency = ask.currency
    if target is not None or baseline is not None or low is not None or high is not None:
        c.require(
            ask_currency, "/ask/currency", "The ask's currency is required when an amount is given."
        )
    if ask_currency is not None and currency is not None and ask_currency != currency:
        c.add(
            "ASK_CURRENCY_MISMATCH",
            "/ask/currency",
            f"Ask amounts must be in your own currency ({currency}).",
        )
    if (low is None) != (high is None) and not (
        "/ask/proposed_range_low" in c.invalid or "/ask/proposed_range_high" in c.invalid
    ):
        missing = "proposed_range_high" if high is None else "proposed_range_low"
        c.add("RANGE_INCOMPLETE", f"/ask/{missing}", "Give both ends of the range, or neither.")
    if low is not None and high is not None and low > high:
        c.add(
            "RANGE_INVERTED",
            "/ask/proposed_range_low",
            "The low end of the range is above the high end.",
        )
    if (low is not None or high is not None) and c.absent(target, "/ask/target_amount"):
        c.add(
            "RANGE_WITHOUT_TARGET",
            "/ask/target_amount",
            "A range needs a target amount (your target should be its low end).",
        )
    if (
        c.person.negotiating_as == "candidate"
        and target is not None
        and c.absent(baseline, "/ask/counterparty_offer_base")
    ):
        c.add(
            "CANDIDATE_BASELINE_REQUIRED",
            "/ask/counterparty_offer_base",
            "As a candidate with a target, give the base the employer offered you.",
        )


def cap_currency(section: str) -> str:
    """The section whose currency caps the amounts in ``section``.

    The offer's amounts go by the offer's currency; every other amount by the person's
    (the ask's currency must equal it).
    """
    return "outside_offer" if section == "outside_offer" else "person"


def _amounts(c: _Checks, caps: AmountCaps) -> None:
    sections = {"person": c.person, "outside_offer": c.offer, "ask": c.ask, "preparation": c.prep}
    for section, name in CAPPED:
        amount = getattr(sections[section], name)
        if amount is None:
            continue
        unit = sections[cap_currency(section)].currency
        cap = caps.cap(unit)
        if amount > cap:
            c.add(
                "AMOUNT_OUT_OF_RANGE",
                f"/{section}/{name}",
                f"{amount} {unit or ''} is above the plausible maximum of {cap}.",
            )


def check_situation(
    sections: Sections, caps: AmountCaps, invalid: frozenset[str] = frozenset()
) -> list[Issue]:
    """Return every §4 cross-field issue in ``sections`` (unsorted)."""
    checks = _relations(sections, invalid)
    _amounts(checks, caps)
    return checks.issues


def check_relations(sections: Sections) -> list[Issue]:
    """``check_situation`` without the amount caps.

    The decoder's fast path tests those beside every other bound; ``cap_currency`` says
    which currency caps which amount.
    """
    return _relations(sections, frozenset()).issues


def _relations(sections: Sections, invalid: frozenset[str]) -> _Checks:
    checks = _Checks(sections, invalid)
    _person(checks)
    _offer(checks)
    _disclosure(checks)
    _ask(checks)
    return checks
