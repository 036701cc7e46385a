from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evaluation_overall_recommendation import EvaluationOverallRecommendation
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.data_notice import DataNotice
  from ..models.decision import Decision
  from ..models.derived import Derived
  from ..models.fired_rule import FiredRule
  from ..models.ruleset_ref import RulesetRef
  from ..models.scores import Scores
  from ..models.suggested_range import SuggestedRange
  from ..models.suggestion import Suggestion





T = TypeVar("T", bound="Evaluation")



@_attrs_define
class Evaluation:
    """ The evaluation of one situation.

        Attributes:
            ruleset_version (str): Version of the ruleset (kept for v1 clients; see ``ruleset``).
            ruleset (RulesetRef): Which rules produced an evaluation, so it can be explained and reproduced later.
            overall_recommendation (EvaluationOverallRecommendation): ``proceed``, ``proceed_with_changes`` or
                ``do_not_leverage``.
            scores (Scores): The three scores, each clamped to 0-100.
            derived (Derived): Derived figures and facts (docs/rules.md §5).
            suggested_range (None | SuggestedRange): The bolstering range, whenever a target is given.
            fired_rules (list[FiredRule]): Blockers, then warnings (high → low), then recommendations; ties by id.
            data_notices (list[DataNotice]): Notices about the input.
            id (None | str | Unset): The audit record's id, when the evaluation was stored (``POST /v1/evaluations``).
            decision (Decision | None | Unset): The decision clause and its reasons (absent only on records stored by
                ruleset versions before 1.1.0).
            safer_alternative (None | str | Unset): What to do instead, when the answer is ``do_not_leverage``.
            hint (None | Suggestion | Unset): The best single change, when the caller asked for one (``?hint=true``).
     """

    ruleset_version: str
    ruleset: RulesetRef
    overall_recommendation: EvaluationOverallRecommendation
    scores: Scores
    derived: Derived
    suggested_range: None | SuggestedRange
    fired_rules: list[FiredRule]
    data_notices: list[DataNotice]
    id: None | str | Unset = UNSET
    decision: Decision | None | Unset = UNSET
    safer_alternative: None | str | Unset = UNSET
    hint: None | Suggestion | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.data_notice import DataNotice # noqa: PLC0415
        from ..models.decision import Decision # noqa: PLC0415
        from ..models.derived import Derived # noqa: PLC0415
        from ..models.fired_rule import FiredRule # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.scores import Scores # noqa: PLC0415
        from ..models.suggested_range import SuggestedRange # noqa: PLC0415
        from ..models.suggestion import Suggestion # noqa: PLC0415
        ruleset_version = self.ruleset_version

        ruleset = self.ruleset.to_dict()

        overall_recommendation = self.overall_recommendation.value

        scores = self.scores.to_dict()

        derived = self.derived.to_dict()

        suggested_range: dict[str, Any] | None
        if isinstance(self.suggested_range, SuggestedRange):
            suggested_range = self.suggested_range.to_dict()
        else:
            suggested_range = self.suggested_range

        fired_rules = []
        for fired_rules_item_data in self.fired_rules:
            fired_rules_item = fired_rules_item_data.to_dict()
            fired_rules.append(fired_rules_item)



        data_notices = []
        for data_notices_item_data in self.data_notices:
            data_notices_item = data_notices_item_data.to_dict()
            data_notices.append(data_notices_item)



        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        decision: dict[str, Any] | None | Unset
        if isinstance(self.decision, Unset):
            decision = UNSET
        elif isinstance(self.decision, Decision):
            decision = self.decision.to_dict()
        else:
            decision = self.decision

        safer_alternative: None | str | Unset
        if isinstance(self.safer_alternative, Unset):
            safer_alternative = UNSET
        else:
            safer_alternative = self.safer_alternative

        hint: dict[str, Any] | None | Unset
        if isinstance(self.hint, Unset):
            hint = UNSET
        elif isinstance(self.hint, Suggestion):
            hint = self.hint.to_dict()
        else:
            hint = self.hint


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ruleset_version": ruleset_version,
            "ruleset": ruleset,
            "overall_recommendation": overall_recommendation,
            "scores": scores,
            "derived": derived,
            "suggested_range": suggested_range,
            "fired_rules": fired_rules,
            "data_notices": data_notices,
        })
        if id is not UNSET:
            field_dict["id"] = id
        if decision is not UNSET:
            field_dict["decision"] = decision
        if safer_alternative is not UNSET:
            field_dict["safer_alternative"] = safer_alternative
        if hint is not UNSET:
            field_dict["hint"] = hint

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.data_notice import DataNotice # noqa: PLC0415
        from ..models.decision import Decision # noqa: PLC0415
        from ..models.derived import Derived # noqa: PLC0415
        from ..models.fired_rule import FiredRule # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.scores import Scores # noqa: PLC0415
        from ..models.suggested_range import SuggestedRange # noqa: PLC0415
        from ..models.suggestion import Suggestion # noqa: PLC0415
        d = dict(src_dict)
        ruleset_version = d.pop("ruleset_version")

        ruleset = RulesetRef.from_dict(d.pop("ruleset"))




        overall_recommendation = EvaluationOverallRecommendation(d.pop("overall_recommendation"))




        scores = Scores.from_dict(d.pop("scores"))




        derived = Derived.from_dict(d.pop("derived"))




        def _parse_suggested_range(data: object) -> None | SuggestedRange:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                suggested_range_type_0 = SuggestedRange.from_dict(data)



                return suggested_range_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SuggestedRange, data)

        suggested_range = _parse_suggested_range(d.pop("suggested_range"))


        fired_rules = []
        _fired_rules = d.pop("fired_rules")
        for fired_rules_item_data in (_fired_rules):
            fired_rules_item = FiredRule.from_dict(fired_rules_item_data)



            fired_rules.append(fired_rules_item)


        data_notices = []
        _data_notices = d.pop("data_notices")
        for data_notices_item_data in (_data_notices):
            data_notices_item = DataNotice.from_dict(data_notices_item_data)



            data_notices.append(data_notices_item)


        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))


        def _parse_decision(data: object) -> Decision | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                decision_type_0 = Decision.from_dict(data)



                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decision | None | Unset, data)

        decision = _parse_decision(d.pop("decision", UNSET))


        def _parse_safer_alternative(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        safer_alternative = _parse_safer_alternative(d.pop("safer_alternative", UNSET))


        def _parse_hint(data: object) -> None | Suggestion | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hint_type_0 = Suggestion.from_dict(data)



                return hint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Suggestion | Unset, data)

        hint = _parse_hint(d.pop("hint", UNSET))


        evaluation = cls(
            ruleset_version=ruleset_version,
            ruleset=ruleset,
            overall_recommendation=overall_recommendation,
            scores=scores,
            derived=derived,
            suggested_range=suggested_range,
            fired_rules=fired_rules,
            data_notices=data_notices,
            id=id,
            decision=decision,
            safer_alternative=safer_alternative,
            hint=hint,
        )


        evaluation.additional_properties = d
        return evaluation

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
