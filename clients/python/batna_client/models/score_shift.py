from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ScoreShift")



@_attrs_define
class ScoreShift:
    """ How one score moved (after − before) over the replayed decisions.

        Attributes:
            mean (float): Mean shift.
            p10 (int): 10th percentile.
            p50 (int): Median.
            p90 (int): 90th percentile.
     """

    mean: float
    p10: int
    p50: int
    p90: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        mean = self.mean

        p10 = self.p10

        p50 = self.p50

        p90 = self.p90


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "mean": mean,
            "p10": p10,
            "p50": p50,
            "p90": p90,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mean = d.pop("mean")

        p10 = d.pop("p10")

        p50 = d.pop("p50")

        p90 = d.pop("p90")

        score_shift = cls(
            mean=mean,
            p10=p10,
            p50=p50,
            p90=p90,
        )


        score_shift.additional_properties = d
        return score_shift

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
