from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.person_currency import PersonCurrency
from ..models.person_gender_type_0 import PersonGenderType0
from ..models.person_negotiating_as import PersonNegotiatingAs
from ..models.person_performance_rating import PersonPerformanceRating
from ..models.person_role_level_type_0 import PersonRoleLevelType0
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Person")



@_attrs_define
class Person:
    """ Who is negotiating.

        Attributes:
            negotiating_as (PersonNegotiatingAs): ``employee`` (with the current employer) or ``candidate``.
            role_title (str): Current role (employee) or the role on offer (candidate).
            currency (PersonCurrency): ISO 4217 alpha-3 currency code.
            role_level (None | PersonRoleLevelType0 | Unset): Context for messages only.
            tenure_months (int | None | Unset): Months in the current role; absent = unknown.
            current_base_salary (float | None | Unset): Current annual base; required for employees (their baseline).
            current_total_comp (float | None | Unset): Current annual total pay (base, target bonus, annualised equity), in
                ``currency``; lets an offer be compared on whole packages.
            performance_rating (PersonPerformanceRating | Unset): Most recent performance signal. Default:
                PersonPerformanceRating.UNKNOWN.
            gender_opt_in (bool | Unset): Consent to use gender, only for the fairness advisories. Default: False.
            gender (None | PersonGenderType0 | Unset): Ignored (and discarded) unless ``gender_opt_in`` is true.
            prior_offer_leverage_count (int | Unset): Earlier uses of an outside offer with this counterparty. Default: 0.
     """

    negotiating_as: PersonNegotiatingAs
    role_title: str
    currency: PersonCurrency
    role_level: None | PersonRoleLevelType0 | Unset = UNSET
    tenure_months: int | None | Unset = UNSET
    current_base_salary: float | None | Unset = UNSET
    current_total_comp: float | None | Unset = UNSET
    performance_rating: PersonPerformanceRating | Unset = PersonPerformanceRating.UNKNOWN
    gender_opt_in: bool | Unset = False
    gender: None | PersonGenderType0 | Unset = UNSET
    prior_offer_leverage_count: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        negotiating_as = self.negotiating_as.value

        role_title = self.role_title

        currency = self.currency.value

        role_level: None | str | Unset
        if isinstance(self.role_level, Unset):
            role_level = UNSET
        elif isinstance(self.role_level, PersonRoleLevelType0):
            role_level = self.role_level.value
        else:
            role_level = self.role_level

        tenure_months: int | None | Unset
        if isinstance(self.tenure_months, Unset):
            tenure_months = UNSET
        else:
            tenure_months = self.tenure_months

        current_base_salary: float | None | Unset
        if isinstance(self.current_base_salary, Unset):
            current_base_salary = UNSET
        else:
            current_base_salary = self.current_base_salary

        current_total_comp: float | None | Unset
        if isinstance(self.current_total_comp, Unset):
            current_total_comp = UNSET
        else:
            current_total_comp = self.current_total_comp

        performance_rating: str | Unset = UNSET
        if not isinstance(self.performance_rating, Unset):
            performance_rating = self.performance_rating.value


        gender_opt_in = self.gender_opt_in

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, PersonGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender

        prior_offer_leverage_count = self.prior_offer_leverage_count


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "negotiating_as": negotiating_as,
            "role_title": role_title,
            "currency": currency,
        })
        if role_level is not UNSET:
            field_dict["role_level"] = role_level
        if tenure_months is not UNSET:
            field_dict["tenure_months"] = tenure_months
        if current_base_salary is not UNSET:
            field_dict["current_base_salary"] = current_base_salary
        if current_total_comp is not UNSET:
            field_dict["current_total_comp"] = current_total_comp
        if performance_rating is not UNSET:
            field_dict["performance_rating"] = performance_rating
        if gender_opt_in is not UNSET:
            field_dict["gender_opt_in"] = gender_opt_in
        if gender is not UNSET:
            field_dict["gender"] = gender
        if prior_offer_leverage_count is not UNSET:
            field_dict["prior_offer_leverage_count"] = prior_offer_leverage_count

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        negotiating_as = PersonNegotiatingAs(d.pop("negotiating_as"))




        role_title = d.pop("role_title")

        currency = PersonCurrency(d.pop("currency"))




        def _parse_role_level(data: object) -> None | PersonRoleLevelType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_level_type_0 = PersonRoleLevelType0(data)



                return role_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonRoleLevelType0 | Unset, data)

        role_level = _parse_role_level(d.pop("role_level", UNSET))


        def _parse_tenure_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tenure_months = _parse_tenure_months(d.pop("tenure_months", UNSET))


        def _parse_current_base_salary(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        current_base_salary = _parse_current_base_salary(d.pop("current_base_salary", UNSET))


        def _parse_current_total_comp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        current_total_comp = _parse_current_total_comp(d.pop("current_total_comp", UNSET))


        _performance_rating = d.pop("performance_rating", UNSET)
        performance_rating: PersonPerformanceRating | Unset
        if isinstance(_performance_rating,  Unset):
            performance_rating = UNSET
        else:
            performance_rating = PersonPerformanceRating(_performance_rating)




        gender_opt_in = d.pop("gender_opt_in", UNSET)

        def _parse_gender(data: object) -> None | PersonGenderType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = PersonGenderType0(data)



                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonGenderType0 | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        prior_offer_leverage_count = d.pop("prior_offer_leverage_count", UNSET)

        person = cls(
            negotiating_as=negotiating_as,
            role_title=role_title,
            currency=currency,
            role_level=role_level,
            tenure_months=tenure_months,
            current_base_salary=current_base_salary,
            current_total_comp=current_total_comp,
            performance_rating=performance_rating,
            gender_opt_in=gender_opt_in,
            gender=gender,
            prior_offer_leverage_count=prior_offer_leverage_count,
        )

        return person

