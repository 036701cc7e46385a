from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.suggestion_overall_after import SuggestionOverallAfter
from ..models.suggestion_overall_before import SuggestionOverallBefore
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.evaluation import Evaluation
  from ..models.move import Move





T = TypeVar("T", bound="Suggestion")



@_attrs_define
class Suggestion:
    """ A smallest set of moves that improves the outcome, and what it leads to.

        Attributes:
            moves (list[Move]): The moves, applied together.
            overall_before (SuggestionOverallBefore): The recommendation now.
            overall_after (SuggestionOverallAfter): The recommendation after the moves.
            blockers_removed (list[str]): Blockers that no longer fire.
            score_gain (int): Deprecated, kept for v1 clients: leverage gained + relationship risk shed + readiness gained.
                It adds unlike scales; read ``improvements``.
            rules_stopped (list[str]): Rules that fire now and would not after the moves.
            rules_started (list[str]): Rules that would fire after the moves and do not now.
            evaluation (Evaluation): The evaluation of one situation.
            improvements (list[str] | Unset): What got better, in words ("relationship risk 65 → 35", "removes FRAME-001"):
                the reasons the suggestion was kept.
     """

    moves: list[Move]
    overall_before: SuggestionOverallBefore
    overall_after: SuggestionOverallAfter
    blockers_removed: list[str]
    score_gain: int
    rules_stopped: list[str]
    rules_started: list[str]
    evaluation: Evaluation
    improvements: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.move import Move # noqa: PLC0415
        moves = []
        for moves_item_data in self.moves:
            moves_item = moves_item_data.to_dict()
            moves.append(moves_item)



        overall_before = self.overall_before.value

        overall_after = self.overall_after.value

        blockers_removed = self.blockers_removed



        score_gain = self.score_gain

        rules_stopped = self.rules_stopped



        rules_started = self.rules_started



        evaluation = self.evaluation.to_dict()

        improvements: list[str] | Unset = UNSET
        if not isinstance(self.improvements, Unset):
            improvements = self.improvements




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "moves": moves,
            "overall_before": overall_before,
            "overall_after": overall_after,
            "blockers_removed": blockers_removed,
            "score_gain": score_gain,
            "rules_stopped": rules_stopped,
            "rules_started": rules_started,
            "evaluation": evaluation,
        })
        if improvements is not UNSET:
            field_dict["improvements"] = improvements

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.move import Move # noqa: PLC0415
        d = dict(src_dict)
        moves = []
        _moves = d.pop("moves")
        for moves_item_data in (_moves):
            moves_item = Move.from_dict(moves_item_data)



            moves.append(moves_item)


        overall_before = SuggestionOverallBefore(d.pop("overall_before"))




        overall_after = SuggestionOverallAfter(d.pop("overall_after"))




        blockers_removed = cast(list[str], d.pop("blockers_removed"))


        score_gain = d.pop("score_gain")

        rules_stopped = cast(list[str], d.pop("rules_stopped"))


        rules_started = cast(list[str], d.pop("rules_started"))


        evaluation = Evaluation.from_dict(d.pop("evaluation"))




        improvements = cast(list[str], d.pop("improvements", UNSET))


        suggestion = cls(
            moves=moves,
            overall_before=overall_before,
            overall_after=overall_after,
            blockers_removed=blockers_removed,
            score_gain=score_gain,
            rules_stopped=rules_stopped,
            rules_started=rules_started,
            evaluation=evaluation,
            improvements=improvements,
        )


        suggestion.additional_properties = d
        return suggestion

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
