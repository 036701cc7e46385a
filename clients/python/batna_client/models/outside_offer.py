from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.outside_offer_currency_type_0 import OutsideOfferCurrencyType0
from ..models.outside_offer_employer_prestige_tier_type_0 import OutsideOfferEmployerPrestigeTierType0
from ..models.outside_offer_remote_policy_type_0 import OutsideOfferRemotePolicyType0
from ..models.outside_offer_source_type_0 import OutsideOfferSourceType0
from ..models.outside_offer_status import OutsideOfferStatus
from ..models.outside_offer_title_change_type_0 import OutsideOfferTitleChangeType0
from ..models.outside_offer_would_accept_type_0 import OutsideOfferWouldAcceptType0
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="OutsideOffer")



@_attrs_define
class OutsideOffer:
    """ The competing offer, or ``{"status": "none"}``.

        Attributes:
            status (OutsideOfferStatus): ``hint`` = interest only; ``verbal``; ``written``; ``signed`` = accepted.
            base_salary (float | None | Unset): Annual base in ``currency``; required unless status is none or hint.
            total_comp (float | None | Unset): Annual total (base, bonus, equity); context only.
            currency (None | OutsideOfferCurrencyType0 | Unset): Currency of the offer amounts.
            fx_rate_to_person_currency (float | None | Unset): One unit of offer currency in the person's currency.
            title_change (None | OutsideOfferTitleChangeType0 | Unset): Context.
            relocation_required (bool | None | Unset): Context.
            remote_policy (None | OutsideOfferRemotePolicyType0 | Unset): Context.
            employer_prestige_tier (None | OutsideOfferEmployerPrestigeTierType0 | Unset): Status of the offering employer.
            expiry_date (datetime.date | None | Unset): Last day the offer can be accepted (still live that day).
            would_accept (None | OutsideOfferWouldAcceptType0 | Unset): Would the person really take it if no counter came?
            source (None | OutsideOfferSourceType0 | Unset): Did the person seek the offer out?
     """

    status: OutsideOfferStatus
    base_salary: float | None | Unset = UNSET
    total_comp: float | None | Unset = UNSET
    currency: None | OutsideOfferCurrencyType0 | Unset = UNSET
    fx_rate_to_person_currency: float | None | Unset = UNSET
    title_change: None | OutsideOfferTitleChangeType0 | Unset = UNSET
    relocation_required: bool | None | Unset = UNSET
    remote_policy: None | OutsideOfferRemotePolicyType0 | Unset = UNSET
    employer_prestige_tier: None | OutsideOfferEmployerPrestigeTierType0 | Unset = UNSET
    expiry_date: datetime.date | None | Unset = UNSET
    would_accept: None | OutsideOfferWouldAcceptType0 | Unset = UNSET
    source: None | OutsideOfferSourceType0 | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        base_salary: float | None | Unset
        if isinstance(self.base_salary, Unset):
            base_salary = UNSET
        else:
            base_salary = self.base_salary

        total_comp: float | None | Unset
        if isinstance(self.total_comp, Unset):
            total_comp = UNSET
        else:
            total_comp = self.total_comp

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        elif isinstance(self.currency, OutsideOfferCurrencyType0):
            currency = self.currency.value
        else:
            currency = self.currency

        fx_rate_to_person_currency: float | None | Unset
        if isinstance(self.fx_rate_to_person_currency, Unset):
            fx_rate_to_person_currency = UNSET
        else:
            fx_rate_to_person_currency = self.fx_rate_to_person_currency

        title_change: None | str | Unset
        if isinstance(self.title_change, Unset):
            title_change = UNSET
        elif isinstance(self.title_change, OutsideOfferTitleChangeType0):
            title_change = self.title_change.value
        else:
            title_change = self.title_change

        relocation_required: bool | None | Unset
        if isinstance(self.relocation_required, Unset):
            relocation_required = UNSET
        else:
            relocation_required = self.relocation_required

        remote_policy: None | str | Unset
        if isinstance(self.remote_policy, Unset):
            remote_policy = UNSET
        elif isinstance(self.remote_policy, OutsideOfferRemotePolicyType0):
            remote_policy = self.remote_policy.value
        else:
            remote_policy = self.remote_policy

        employer_prestige_tier: None | str | Unset
        if isinstance(self.employer_prestige_tier, Unset):
            employer_prestige_tier = UNSET
        elif isinstance(self.employer_prestige_tier, OutsideOfferEmployerPrestigeTierType0):
            employer_prestige_tier = self.employer_prestige_tier.value
        else:
            employer_prestige_tier = self.employer_prestige_tier

        expiry_date: None | str | Unset
        if isinstance(self.expiry_date, Unset):
            expiry_date = UNSET
        elif isinstance(self.expiry_date, datetime.date):
            expiry_date = self.expiry_date.isoformat()
        else:
            expiry_date = self.expiry_date

        would_accept: None | str | Unset
        if isinstance(self.would_accept, Unset):
            would_accept = UNSET
        elif isinstance(self.would_accept, OutsideOfferWouldAcceptType0):
            would_accept = self.would_accept.value
        else:
            would_accept = self.would_accept

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, OutsideOfferSourceType0):
            source = self.source.value
        else:
            source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "status": status,
        })
        if base_salary is not UNSET:
            field_dict["base_salary"] = base_salary
        if total_comp is not UNSET:
            field_dict["total_comp"] = total_comp
        if currency is not UNSET:
            field_dict["currency"] = currency
        if fx_rate_to_person_currency is not UNSET:
            field_dict["fx_rate_to_person_currency"] = fx_rate_to_person_currency
        if title_change is not UNSET:
            field_dict["title_change"] = title_change
        if relocation_required is not UNSET:
            field_dict["relocation_required"] = relocation_required
        if remote_policy is not UNSET:
            field_dict["remote_policy"] = remote_policy
        if employer_prestige_tier is not UNSET:
            field_dict["employer_prestige_tier"] = employer_prestige_tier
        if expiry_date is not UNSET:
            field_dict["expiry_date"] = expiry_date
        if would_accept is not UNSET:
            field_dict["would_accept"] = would_accept
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = OutsideOfferStatus(d.pop("status"))




        def _parse_base_salary(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        base_salary = _parse_base_salary(d.pop("base_salary", UNSET))


        def _parse_total_comp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_comp = _parse_total_comp(d.pop("total_comp", UNSET))


        def _parse_currency(data: object) -> None | OutsideOfferCurrencyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                currency_type_0 = OutsideOfferCurrencyType0(data)



                return currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferCurrencyType0 | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_fx_rate_to_person_currency(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fx_rate_to_person_currency = _parse_fx_rate_to_person_currency(d.pop("fx_rate_to_person_currency", UNSET))


        def _parse_title_change(data: object) -> None | OutsideOfferTitleChangeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                title_change_type_0 = OutsideOfferTitleChangeType0(data)



                return title_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferTitleChangeType0 | Unset, data)

        title_change = _parse_title_change(d.pop("title_change", UNSET))


        def _parse_relocation_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        relocation_required = _parse_relocation_required(d.pop("relocation_required", UNSET))


        def _parse_remote_policy(data: object) -> None | OutsideOfferRemotePolicyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                remote_policy_type_0 = OutsideOfferRemotePolicyType0(data)



                return remote_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferRemotePolicyType0 | Unset, data)

        remote_policy = _parse_remote_policy(d.pop("remote_policy", UNSET))


        def _parse_employer_prestige_tier(data: object) -> None | OutsideOfferEmployerPrestigeTierType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                employer_prestige_tier_type_0 = OutsideOfferEmployerPrestigeTierType0(data)



                return employer_prestige_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferEmployerPrestigeTierType0 | Unset, data)

        employer_prestige_tier = _parse_employer_prestige_tier(d.pop("employer_prestige_tier", UNSET))


        def _parse_expiry_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expiry_date_type_0 = datetime.date.fromisoformat(data)



                return expiry_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expiry_date = _parse_expiry_date(d.pop("expiry_date", UNSET))


        def _parse_would_accept(data: object) -> None | OutsideOfferWouldAcceptType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                would_accept_type_0 = OutsideOfferWouldAcceptType0(data)



                return would_accept_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferWouldAcceptType0 | Unset, data)

        would_accept = _parse_would_accept(d.pop("would_accept", UNSET))


        def _parse_source(data: object) -> None | OutsideOfferSourceType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = OutsideOfferSourceType0(data)



                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutsideOfferSourceType0 | Unset, data)

        source = _parse_source(d.pop("source", UNSET))


        outside_offer = cls(
            status=status,
            base_salary=base_salary,
            total_comp=total_comp,
            currency=currency,
            fx_rate_to_person_currency=fx_rate_to_person_currency,
            title_change=title_change,
            relocation_required=relocation_required,
            remote_policy=remote_policy,
            employer_prestige_tier=employer_prestige_tier,
            expiry_date=expiry_date,
            would_accept=would_accept,
            source=source,
        )

        return outside_offer

