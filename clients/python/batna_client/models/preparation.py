from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Preparation")



@_attrs_define
class Preparation:
    """ Preparation done; each flag is true, false or unknown (absent).

        Attributes:
            market_data_gathered (bool | None | Unset): Has market pay data for the role.
            best_precedent_known (bool | None | Unset): Knows the best outcome anyone in this position got.
            company_negotiation_norms_known (bool | None | Unset): Knows how the organisation treats outside offers.
            mentors_consulted (bool | None | Unset): Has talked it through with a mentor or coach.
            role_play_done (bool | None | Unset): Has rehearsed the conversation.
            impact_evidence_prepared (bool | None | Unset): Has numbers on their bottom-line impact.
            manager_tipped_off_early (bool | None | Unset): Told the boss early that an offer exists.
            market_reference_amount (float | None | Unset): Market median or benchmark base (person's currency).
     """

    market_data_gathered: bool | None | Unset = UNSET
    best_precedent_known: bool | None | Unset = UNSET
    company_negotiation_norms_known: bool | None | Unset = UNSET
    mentors_consulted: bool | None | Unset = UNSET
    role_play_done: bool | None | Unset = UNSET
    impact_evidence_prepared: bool | None | Unset = UNSET
    manager_tipped_off_early: bool | None | Unset = UNSET
    market_reference_amount: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        market_data_gathered: bool | None | Unset
        if isinstance(self.market_data_gathered, Unset):
            market_data_gathered = UNSET
        else:
            market_data_gathered = self.market_data_gathered

        best_precedent_known: bool | None | Unset
        if isinstance(self.best_precedent_known, Unset):
            best_precedent_known = UNSET
        else:
            best_precedent_known = self.best_precedent_known

        company_negotiation_norms_known: bool | None | Unset
        if isinstance(self.company_negotiation_norms_known, Unset):
            company_negotiation_norms_known = UNSET
        else:
            company_negotiation_norms_known = self.company_negotiation_norms_known

        mentors_consulted: bool | None | Unset
        if isinstance(self.mentors_consulted, Unset):
            mentors_consulted = UNSET
        else:
            mentors_consulted = self.mentors_consulted

        role_play_done: bool | None | Unset
        if isinstance(self.role_play_done, Unset):
            role_play_done = UNSET
        else:
            role_play_done = self.role_play_done

        impact_evidence_prepared: bool | None | Unset
        if isinstance(self.impact_evidence_prepared, Unset):
            impact_evidence_prepared = UNSET
        else:
            impact_evidence_prepared = self.impact_evidence_prepared

        manager_tipped_off_early: bool | None | Unset
        if isinstance(self.manager_tipped_off_early, Unset):
            manager_tipped_off_early = UNSET
        else:
            manager_tipped_off_early = self.manager_tipped_off_early

        market_reference_amount: float | None | Unset
        if isinstance(self.market_reference_amount, Unset):
            market_reference_amount = UNSET
        else:
            market_reference_amount = self.market_reference_amount


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if market_data_gathered is not UNSET:
            field_dict["market_data_gathered"] = market_data_gathered
        if best_precedent_known is not UNSET:
            field_dict["best_precedent_known"] = best_precedent_known
        if company_negotiation_norms_known is not UNSET:
            field_dict["company_negotiation_norms_known"] = company_negotiation_norms_known
        if mentors_consulted is not UNSET:
            field_dict["mentors_consulted"] = mentors_consulted
        if role_play_done is not UNSET:
            field_dict["role_play_done"] = role_play_done
        if impact_evidence_prepared is not UNSET:
            field_dict["impact_evidence_prepared"] = impact_evidence_prepared
        if manager_tipped_off_early is not UNSET:
            field_dict["manager_tipped_off_early"] = manager_tipped_off_early
        if market_reference_amount is not UNSET:
            field_dict["market_reference_amount"] = market_reference_amount

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_market_data_gathered(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        market_data_gathered = _parse_market_data_gathered(d.pop("market_data_gathered", UNSET))


        def _parse_best_precedent_known(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        best_precedent_known = _parse_best_precedent_known(d.pop("best_precedent_known", UNSET))


        def _parse_company_negotiation_norms_known(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        company_negotiation_norms_known = _parse_company_negotiation_norms_known(d.pop("company_negotiation_norms_known", UNSET))


        def _parse_mentors_consulted(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        mentors_consulted = _parse_mentors_consulted(d.pop("mentors_consulted", UNSET))


        def _parse_role_play_done(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        role_play_done = _parse_role_play_done(d.pop("role_play_done", UNSET))


        def _parse_impact_evidence_prepared(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        impact_evidence_prepared = _parse_impact_evidence_prepared(d.pop("impact_evidence_prepared", UNSET))


        def _parse_manager_tipped_off_early(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        manager_tipped_off_early = _parse_manager_tipped_off_early(d.pop("manager_tipped_off_early", UNSET))


        def _parse_market_reference_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        market_reference_amount = _parse_market_reference_amount(d.pop("market_reference_amount", UNSET))


        preparation = cls(
            market_data_gathered=market_data_gathered,
            best_precedent_known=best_precedent_known,
            company_negotiation_norms_known=company_negotiation_norms_known,
            mentors_consulted=mentors_consulted,
            role_play_done=role_play_done,
            impact_evidence_prepared=impact_evidence_prepared,
            manager_tipped_off_early=manager_tipped_off_early,
            market_reference_amount=market_reference_amount,
        )

        return preparation

