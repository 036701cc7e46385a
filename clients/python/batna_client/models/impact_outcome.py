from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.impact_outcome_overall_recommendation import ImpactOutcomeOverallRecommendation
from typing import cast

if TYPE_CHECKING:
  from ..models.scores import Scores





T = TypeVar("T", bound="ImpactOutcome")



@_attrs_define
class ImpactOutcome:
    """ One side of a replayed decision.

        Attributes:
            overall_recommendation (ImpactOutcomeOverallRecommendation): The overall recommendation.
            scores (Scores): The three scores, each clamped to 0-100.
     """

    overall_recommendation: ImpactOutcomeOverallRecommendation
    scores: Scores
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.scores import Scores # noqa: PLC0415
        overall_recommendation = self.overall_recommendation.value

        scores = self.scores.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "overall_recommendation": overall_recommendation,
            "scores": scores,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scores import Scores # noqa: PLC0415
        d = dict(src_dict)
        overall_recommendation = ImpactOutcomeOverallRecommendation(d.pop("overall_recommendation"))




        scores = Scores.from_dict(d.pop("scores"))




        impact_outcome = cls(
            overall_recommendation=overall_recommendation,
            scores=scores,
        )


        impact_outcome.additional_properties = d
        return impact_outcome

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
