from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.evaluation import Evaluation
  from ..models.suggestion import Suggestion





T = TypeVar("T", bound="WhatIf")



@_attrs_define
class WhatIf:
    """ The smallest changes that would improve an evaluation.

        Attributes:
            evaluation (Evaluation): The evaluation of one situation.
            suggestions (list[Suggestion]): Improving sets of moves: fewest moves first, then by score gain.
            evaluations_used (int): Situations evaluated by the search.
            cap (int): The most evaluations the search could use.
            truncated (bool): True when the cap cut the search short (larger sets left unexplored).
     """

    evaluation: Evaluation
    suggestions: list[Suggestion]
    evaluations_used: int
    cap: int
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.suggestion import Suggestion # noqa: PLC0415
        evaluation = self.evaluation.to_dict()

        suggestions = []
        for suggestions_item_data in self.suggestions:
            suggestions_item = suggestions_item_data.to_dict()
            suggestions.append(suggestions_item)



        evaluations_used = self.evaluations_used

        cap = self.cap

        truncated = self.truncated


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "evaluation": evaluation,
            "suggestions": suggestions,
            "evaluations_used": evaluations_used,
            "cap": cap,
            "truncated": truncated,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.suggestion import Suggestion # noqa: PLC0415
        d = dict(src_dict)
        evaluation = Evaluation.from_dict(d.pop("evaluation"))




        suggestions = []
        _suggestions = d.pop("suggestions")
        for suggestions_item_data in (_suggestions):
            suggestions_item = Suggestion.from_dict(suggestions_item_data)



            suggestions.append(suggestions_item)


        evaluations_used = d.pop("evaluations_used")

        cap = d.pop("cap")

        truncated = d.pop("truncated")

        what_if = cls(
            evaluation=evaluation,
            suggestions=suggestions,
            evaluations_used=evaluations_used,
            cap=cap,
            truncated=truncated,
        )


        what_if.additional_properties = d
        return what_if

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
