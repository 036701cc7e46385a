from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.impact_outcome import ImpactOutcome





T = TypeVar("T", bound="ImpactChange")



@_attrs_define
class ImpactChange:
    """ A stored decision the candidate would decide differently.

        Attributes:
            id (str): The evaluation record's id.
            before (ImpactOutcome): One side of a replayed decision.
            after (ImpactOutcome): One side of a replayed decision.
            rules_added (list[str]): Rules that fire with the candidate only.
            rules_removed (list[str]): Rules that fired then and no longer do.
     """

    id: str
    before: ImpactOutcome
    after: ImpactOutcome
    rules_added: list[str]
    rules_removed: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.impact_outcome import ImpactOutcome # noqa: PLC0415
        id = self.id

        before = self.before.to_dict()

        after = self.after.to_dict()

        rules_added = self.rules_added



        rules_removed = self.rules_removed




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "before": before,
            "after": after,
            "rules_added": rules_added,
            "rules_removed": rules_removed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.impact_outcome import ImpactOutcome # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        before = ImpactOutcome.from_dict(d.pop("before"))




        after = ImpactOutcome.from_dict(d.pop("after"))




        rules_added = cast(list[str], d.pop("rules_added"))


        rules_removed = cast(list[str], d.pop("rules_removed"))


        impact_change = cls(
            id=id,
            before=before,
            after=after,
            rules_added=rules_added,
            rules_removed=rules_removed,
        )


        impact_change.additional_properties = d
        return impact_change

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
