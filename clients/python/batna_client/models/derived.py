from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Derived")



@_attrs_define
class Derived:
    """ Derived figures and facts (docs/rules.md §5).

        Attributes:
            baseline_amount (float | None): Current base (employee) or counterparty offer base (candidate).
            ask_over_baseline_pct (float | None): Target over baseline, percent.
            offer_base_in_person_currency (float | None): Offer base in the person's currency.
            offer_premium_pct (float | None): Converted offer over baseline, percent.
            days_to_expiry (int | None): Days from the reference date to the offer's expiry.
            offer_expired (bool): The offer expired before ``as_of_date``.
            prep_count (int): Preparation items confirmed (0-7).
            uses_offer (bool): The offer will be used in the negotiation.
            hardball (bool): Ultimatum, disdain, or a hint passed off as an offer.
            credible_walkaway (bool): Ready to leave for a live, concrete offer they would take.
            offer_concrete (bool): The offer has stated terms (verbal, written or signed).
            offer_firm (bool): The offer is in writing (written or signed).
            monetary (bool): The ask is about pay (raise, counteroffer, promotion).
            backlash_applicable (bool): The fairness advisories apply (opted-in, woman).
            offer_lapses_before_talk (bool | Unset): The offer is live today but lapses before the planned conversation (new
                in 1.1.0; the defaults below read records stored before it). Default: False.
            offer_total_premium_pct (float | None | Unset): Employees: the offer's total pay over current total pay,
                percent.
            range_width_pct (float | None | Unset): The proposed range's high end over its low end, percent.
     """

    baseline_amount: float | None
    ask_over_baseline_pct: float | None
    offer_base_in_person_currency: float | None
    offer_premium_pct: float | None
    days_to_expiry: int | None
    offer_expired: bool
    prep_count: int
    uses_offer: bool
    hardball: bool
    credible_walkaway: bool
    offer_concrete: bool
    offer_firm: bool
    monetary: bool
    backlash_applicable: bool
    offer_lapses_before_talk: bool | Unset = False
    offer_total_premium_pct: float | None | Unset = UNSET
    range_width_pct: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        baseline_amount: float | None
        baseline_amount = self.baseline_amount

        ask_over_baseline_pct: float | None
        ask_over_baseline_pct = self.ask_over_baseline_pct

        offer_base_in_person_currency: float | None
        offer_base_in_person_currency = self.offer_base_in_person_currency

        offer_premium_pct: float | None
        offer_premium_pct = self.offer_premium_pct

        days_to_expiry: int | None
        days_to_expiry = self.days_to_expiry

        offer_expired = self.offer_expired

        prep_count = self.prep_count

        uses_offer = self.uses_offer

        hardball = self.hardball

        credible_walkaway = self.credible_walkaway

        offer_concrete = self.offer_concrete

        offer_firm = self.offer_firm

        monetary = self.monetary

        backlash_applicable = self.backlash_applicable

        offer_lapses_before_talk = self.offer_lapses_before_talk

        offer_total_premium_pct: float | None | Unset
        if isinstance(self.offer_total_premium_pct, Unset):
            offer_total_premium_pct = UNSET
        else:
            offer_total_premium_pct = self.offer_total_premium_pct

        range_width_pct: float | None | Unset
        if isinstance(self.range_width_pct, Unset):
            range_width_pct = UNSET
        else:
            range_width_pct = self.range_width_pct


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "baseline_amount": baseline_amount,
            "ask_over_baseline_pct": ask_over_baseline_pct,
            "offer_base_in_person_currency": offer_base_in_person_currency,
            "offer_premium_pct": offer_premium_pct,
            "days_to_expiry": days_to_expiry,
            "offer_expired": offer_expired,
            "prep_count": prep_count,
            "uses_offer": uses_offer,
            "hardball": hardball,
            "credible_walkaway": credible_walkaway,
            "offer_concrete": offer_concrete,
            "offer_firm": offer_firm,
            "monetary": monetary,
            "backlash_applicable": backlash_applicable,
        })
        if offer_lapses_before_talk is not UNSET:
            field_dict["offer_lapses_before_talk"] = offer_lapses_before_talk
        if offer_total_premium_pct is not UNSET:
            field_dict["offer_total_premium_pct"] = offer_total_premium_pct
        if range_width_pct is not UNSET:
            field_dict["range_width_pct"] = range_width_pct

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_baseline_amount(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        baseline_amount = _parse_baseline_amount(d.pop("baseline_amount"))


        def _parse_ask_over_baseline_pct(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        ask_over_baseline_pct = _parse_ask_over_baseline_pct(d.pop("ask_over_baseline_pct"))


        def _parse_offer_base_in_person_currency(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        offer_base_in_person_currency = _parse_offer_base_in_person_currency(d.pop("offer_base_in_person_currency"))


        def _parse_offer_premium_pct(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        offer_premium_pct = _parse_offer_premium_pct(d.pop("offer_premium_pct"))


        def _parse_days_to_expiry(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        days_to_expiry = _parse_days_to_expiry(d.pop("days_to_expiry"))


        offer_expired = d.pop("offer_expired")

        prep_count = d.pop("prep_count")

        uses_offer = d.pop("uses_offer")

        hardball = d.pop("hardball")

        credible_walkaway = d.pop("credible_walkaway")

        offer_concrete = d.pop("offer_concrete")

        offer_firm = d.pop("offer_firm")

        monetary = d.pop("monetary")

        backlash_applicable = d.pop("backlash_applicable")

        offer_lapses_before_talk = d.pop("offer_lapses_before_talk", UNSET)

        def _parse_offer_total_premium_pct(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        offer_total_premium_pct = _parse_offer_total_premium_pct(d.pop("offer_total_premium_pct", UNSET))


        def _parse_range_width_pct(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        range_width_pct = _parse_range_width_pct(d.pop("range_width_pct", UNSET))


        derived = cls(
            baseline_amount=baseline_amount,
            ask_over_baseline_pct=ask_over_baseline_pct,
            offer_base_in_person_currency=offer_base_in_person_currency,
            offer_premium_pct=offer_premium_pct,
            days_to_expiry=days_to_expiry,
            offer_expired=offer_expired,
            prep_count=prep_count,
            uses_offer=uses_offer,
            hardball=hardball,
            credible_walkaway=credible_walkaway,
            offer_concrete=offer_concrete,
            offer_firm=offer_firm,
            monetary=monetary,
            backlash_applicable=backlash_applicable,
            offer_lapses_before_talk=offer_lapses_before_talk,
            offer_total_premium_pct=offer_total_premium_pct,
            range_width_pct=range_width_pct,
        )


        derived.additional_properties = d
        return derived

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
