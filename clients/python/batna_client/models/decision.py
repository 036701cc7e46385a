from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.decision_clause import DecisionClause
from typing import cast






T = TypeVar("T", bound="Decision")



@_attrs_define
class Decision:
    """ Why the overall recommendation is what it is.

        Attributes:
            clause (DecisionClause): The first clause of the decision table that matched (docs/rules.md §11.5).
            reasons (list[str]): Sentences saying why it matched: the blockers, the thresholds met or missed, or the
                warnings to address.
     """

    clause: DecisionClause
    reasons: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        clause = self.clause.value

        reasons = self.reasons




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "clause": clause,
            "reasons": reasons,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        clause = DecisionClause(d.pop("clause"))




        reasons = cast(list[str], d.pop("reasons"))


        decision = cls(
            clause=clause,
            reasons=reasons,
        )


        decision.additional_properties = d
        return decision

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
