from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evaluation_summary_overall_recommendation import EvaluationSummaryOverallRecommendation
from typing import cast

if TYPE_CHECKING:
  from ..models.ruleset_ref import RulesetRef
  from ..models.scores import Scores





T = TypeVar("T", bound="EvaluationSummary")



@_attrs_define
class EvaluationSummary:
    """ One line of a listing.

        Attributes:
            id (str): Time-ordered id (UUIDv7).
            created_at (str): When it was evaluated (UTC, RFC 3339).
            ruleset (RulesetRef): Which rules produced an evaluation, so it can be explained and reproduced later.
            overall_recommendation (EvaluationSummaryOverallRecommendation): The overall recommendation given.
            scores (Scores): The three scores, each clamped to 0-100.
            fired_rules (list[str]): Ids of the rules that fired.
            situation_stored (bool): False when the caller opted out of storing the situation.
     """

    id: str
    created_at: str
    ruleset: RulesetRef
    overall_recommendation: EvaluationSummaryOverallRecommendation
    scores: Scores
    fired_rules: list[str]
    situation_stored: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.scores import Scores # noqa: PLC0415
        id = self.id

        created_at = self.created_at

        ruleset = self.ruleset.to_dict()

        overall_recommendation = self.overall_recommendation.value

        scores = self.scores.to_dict()

        fired_rules = self.fired_rules



        situation_stored = self.situation_stored


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "created_at": created_at,
            "ruleset": ruleset,
            "overall_recommendation": overall_recommendation,
            "scores": scores,
            "fired_rules": fired_rules,
            "situation_stored": situation_stored,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.scores import Scores # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = d.pop("created_at")

        ruleset = RulesetRef.from_dict(d.pop("ruleset"))




        overall_recommendation = EvaluationSummaryOverallRecommendation(d.pop("overall_recommendation"))




        scores = Scores.from_dict(d.pop("scores"))




        fired_rules = cast(list[str], d.pop("fired_rules"))


        situation_stored = d.pop("situation_stored")

        evaluation_summary = cls(
            id=id,
            created_at=created_at,
            ruleset=ruleset,
            overall_recommendation=overall_recommendation,
            scores=scores,
            fired_rules=fired_rules,
            situation_stored=situation_stored,
        )


        evaluation_summary.additional_properties = d
        return evaluation_summary

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
