from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.organisation_budget_phase_type_0 import OrganisationBudgetPhaseType0
from ..models.organisation_has_matched_offers_before_type_0 import OrganisationHasMatchedOffersBeforeType0
from ..models.organisation_manager_relationship_type_0 import OrganisationManagerRelationshipType0
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Organisation")



@_attrs_define
class Organisation:
    """ The counterparty's context.

        Attributes:
            has_matched_offers_before (None | OrganisationHasMatchedOffersBeforeType0 | Unset): Has this organisation
                countered outside offers?
            budget_phase (None | OrganisationBudgetPhaseType0 | Unset): ``open`` = next cycle's budget is being set;
                ``locked`` = already set.
            hiring_freeze_or_layoffs (bool | None | Unset): A freeze or layoffs are under way.
            manager_relationship (None | OrganisationManagerRelationshipType0 | Unset): Quality of the relationship with the
                decision-maker.
     """

    has_matched_offers_before: None | OrganisationHasMatchedOffersBeforeType0 | Unset = UNSET
    budget_phase: None | OrganisationBudgetPhaseType0 | Unset = UNSET
    hiring_freeze_or_layoffs: bool | None | Unset = UNSET
    manager_relationship: None | OrganisationManagerRelationshipType0 | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        has_matched_offers_before: None | str | Unset
        if isinstance(self.has_matched_offers_before, Unset):
            has_matched_offers_before = UNSET
        elif isinstance(self.has_matched_offers_before, OrganisationHasMatchedOffersBeforeType0):
            has_matched_offers_before = self.has_matched_offers_before.value
        else:
            has_matched_offers_before = self.has_matched_offers_before

        budget_phase: None | str | Unset
        if isinstance(self.budget_phase, Unset):
            budget_phase = UNSET
        elif isinstance(self.budget_phase, OrganisationBudgetPhaseType0):
            budget_phase = self.budget_phase.value
        else:
            budget_phase = self.budget_phase

        hiring_freeze_or_layoffs: bool | None | Unset
        if isinstance(self.hiring_freeze_or_layoffs, Unset):
            hiring_freeze_or_layoffs = UNSET
        else:
            hiring_freeze_or_layoffs = self.hiring_freeze_or_layoffs

        manager_relationship: None | str | Unset
        if isinstance(self.manager_relationship, Unset):
            manager_relationship = UNSET
        elif isinstance(self.manager_relationship, OrganisationManagerRelationshipType0):
            manager_relationship = self.manager_relationship.value
        else:
            manager_relationship = self.manager_relationship


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if has_matched_offers_before is not UNSET:
            field_dict["has_matched_offers_before"] = has_matched_offers_before
        if budget_phase is not UNSET:
            field_dict["budget_phase"] = budget_phase
        if hiring_freeze_or_layoffs is not UNSET:
            field_dict["hiring_freeze_or_layoffs"] = hiring_freeze_or_layoffs
        if manager_relationship is not UNSET:
            field_dict["manager_relationship"] = manager_relationship

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_has_matched_offers_before(data: object) -> None | OrganisationHasMatchedOffersBeforeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                has_matched_offers_before_type_0 = OrganisationHasMatchedOffersBeforeType0(data)



                return has_matched_offers_before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrganisationHasMatchedOffersBeforeType0 | Unset, data)

        has_matched_offers_before = _parse_has_matched_offers_before(d.pop("has_matched_offers_before", UNSET))


        def _parse_budget_phase(data: object) -> None | OrganisationBudgetPhaseType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                budget_phase_type_0 = OrganisationBudgetPhaseType0(data)



                return budget_phase_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrganisationBudgetPhaseType0 | Unset, data)

        budget_phase = _parse_budget_phase(d.pop("budget_phase", UNSET))


        def _parse_hiring_freeze_or_layoffs(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        hiring_freeze_or_layoffs = _parse_hiring_freeze_or_layoffs(d.pop("hiring_freeze_or_layoffs", UNSET))


        def _parse_manager_relationship(data: object) -> None | OrganisationManagerRelationshipType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                manager_relationship_type_0 = OrganisationManagerRelationshipType0(data)



                return manager_relationship_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrganisationManagerRelationshipType0 | Unset, data)

        manager_relationship = _parse_manager_relationship(d.pop("manager_relationship", UNSET))


        organisation = cls(
            has_matched_offers_before=has_matched_offers_before,
            budget_phase=budget_phase,
            hiring_freeze_or_layoffs=hiring_freeze_or_layoffs,
            manager_relationship=manager_relationship,
        )

        return organisation

