from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ScoreEffects")



@_attrs_define
class ScoreEffects:
    """ What one fired rule added to each score (zero effects omitted).

        Attributes:
            leverage_strength (int | Unset): Delta to leverage strength. Default: 0.
            relationship_risk (int | Unset): Delta to relationship risk. Default: 0.
            readiness (int | Unset): Delta to readiness. Default: 0.
     """

    leverage_strength: int | Unset = 0
    relationship_risk: int | Unset = 0
    readiness: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        leverage_strength = self.leverage_strength

        relationship_risk = self.relationship_risk

        readiness = self.readiness


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if leverage_strength is not UNSET:
            field_dict["leverage_strength"] = leverage_strength
        if relationship_risk is not UNSET:
            field_dict["relationship_risk"] = relationship_risk
        if readiness is not UNSET:
            field_dict["readiness"] = readiness

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        leverage_strength = d.pop("leverage_strength", UNSET)

        relationship_risk = d.pop("relationship_risk", UNSET)

        readiness = d.pop("readiness", UNSET)

        score_effects = cls(
            leverage_strength=leverage_strength,
            relationship_risk=relationship_risk,
            readiness=readiness,
        )


        score_effects.additional_properties = d
        return score_effects

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
