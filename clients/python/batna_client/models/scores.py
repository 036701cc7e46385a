from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Scores")



@_attrs_define
class Scores:
    """ The three scores, each clamped to 0-100.

        Attributes:
            leverage_strength (int): Real bargaining power; higher is better.
            relationship_risk (int): Likely damage to the relationship; higher is worse.
            readiness (int): Preparedness for the talk and for its failure; higher is better.
     """

    leverage_strength: int
    relationship_risk: int
    readiness: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        leverage_strength = self.leverage_strength

        relationship_risk = self.relationship_risk

        readiness = self.readiness


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "leverage_strength": leverage_strength,
            "relationship_risk": relationship_risk,
            "readiness": readiness,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        leverage_strength = d.pop("leverage_strength")

        relationship_risk = d.pop("relationship_risk")

        readiness = d.pop("readiness")

        scores = cls(
            leverage_strength=leverage_strength,
            relationship_risk=relationship_risk,
            readiness=readiness,
        )


        scores.additional_properties = d
        return scores

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
