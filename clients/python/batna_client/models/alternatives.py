from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alternatives_batna_strength import AlternativesBatnaStrength
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Alternatives")



@_attrs_define
class Alternatives:
    """ The walk-away position.

        Attributes:
            batna_strength (AlternativesBatnaStrength): Self-assessed best alternative if this negotiation fails.
            prepared_to_walk_away (bool): "If they say no, I will really leave (or decline)."
            savings_runway_months (float | None | Unset): Months of expenses covered by savings.
     """

    batna_strength: AlternativesBatnaStrength
    prepared_to_walk_away: bool
    savings_runway_months: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        batna_strength = self.batna_strength.value

        prepared_to_walk_away = self.prepared_to_walk_away

        savings_runway_months: float | None | Unset
        if isinstance(self.savings_runway_months, Unset):
            savings_runway_months = UNSET
        else:
            savings_runway_months = self.savings_runway_months


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "batna_strength": batna_strength,
            "prepared_to_walk_away": prepared_to_walk_away,
        })
        if savings_runway_months is not UNSET:
            field_dict["savings_runway_months"] = savings_runway_months

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        batna_strength = AlternativesBatnaStrength(d.pop("batna_strength"))




        prepared_to_walk_away = d.pop("prepared_to_walk_away")

        def _parse_savings_runway_months(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        savings_runway_months = _parse_savings_runway_months(d.pop("savings_runway_months", UNSET))


        alternatives = cls(
            batna_strength=batna_strength,
            prepared_to_walk_away=prepared_to_walk_away,
            savings_runway_months=savings_runway_months,
        )

        return alternatives

