from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.impact_summary_rules import ImpactSummaryRules
  from ..models.impact_summary_score_shift import ImpactSummaryScoreShift
  from ..models.impact_summary_transitions import ImpactSummaryTransitions
  from ..models.ruleset_ref import RulesetRef





T = TypeVar("T", bound="ImpactSummary")



@_attrs_define
class ImpactSummary:
    """ The outcome of replaying stored decisions against a candidate ruleset.

        Attributes:
            candidate (RulesetRef): Which rules produced an evaluation, so it can be explained and reproduced later.
            evaluated (int): Decisions replayed, each as of the day it was made.
            skipped (int): Decisions whose situation was not kept, so cannot be replayed.
            changed (int): Decisions with another recommendation, score or set of rules.
            transitions (ImpactSummaryTransitions): Count per ``before→after`` overall recommendation.
            rules (ImpactSummaryRules): Each rule whose firing count changes: ``{before, after}``.
            score_shift (ImpactSummaryScoreShift): Per score, the distribution of after − before.
            changed_ids (list[str]): The first 1,000 changed decisions' ids, oldest first.
            not_compared (list[str] | Unset): Rules left out of the comparison: they read what the store never keeps (the
                person's gender), so a replay cannot reproduce them.
     """

    candidate: RulesetRef
    evaluated: int
    skipped: int
    changed: int
    transitions: ImpactSummaryTransitions
    rules: ImpactSummaryRules
    score_shift: ImpactSummaryScoreShift
    changed_ids: list[str]
    not_compared: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.impact_summary_rules import ImpactSummaryRules # noqa: PLC0415
        from ..models.impact_summary_score_shift import ImpactSummaryScoreShift # noqa: PLC0415
        from ..models.impact_summary_transitions import ImpactSummaryTransitions # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        candidate = self.candidate.to_dict()

        evaluated = self.evaluated

        skipped = self.skipped

        changed = self.changed

        transitions = self.transitions.to_dict()

        rules = self.rules.to_dict()

        score_shift = self.score_shift.to_dict()

        changed_ids = self.changed_ids



        not_compared: list[str] | Unset = UNSET
        if not isinstance(self.not_compared, Unset):
            not_compared = self.not_compared




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "candidate": candidate,
            "evaluated": evaluated,
            "skipped": skipped,
            "changed": changed,
            "transitions": transitions,
            "rules": rules,
            "score_shift": score_shift,
            "changed_ids": changed_ids,
        })
        if not_compared is not UNSET:
            field_dict["not_compared"] = not_compared

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.impact_summary_rules import ImpactSummaryRules # noqa: PLC0415
        from ..models.impact_summary_score_shift import ImpactSummaryScoreShift # noqa: PLC0415
        from ..models.impact_summary_transitions import ImpactSummaryTransitions # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        d = dict(src_dict)
        candidate = RulesetRef.from_dict(d.pop("candidate"))




        evaluated = d.pop("evaluated")

        skipped = d.pop("skipped")

        changed = d.pop("changed")

        transitions = ImpactSummaryTransitions.from_dict(d.pop("transitions"))




        rules = ImpactSummaryRules.from_dict(d.pop("rules"))




        score_shift = ImpactSummaryScoreShift.from_dict(d.pop("score_shift"))




        changed_ids = cast(list[str], d.pop("changed_ids"))


        not_compared = cast(list[str], d.pop("not_compared", UNSET))


        impact_summary = cls(
            candidate=candidate,
            evaluated=evaluated,
            skipped=skipped,
            changed=changed,
            transitions=transitions,
            rules=rules,
            score_shift=score_shift,
            changed_ids=changed_ids,
            not_compared=not_compared,
        )


        impact_summary.additional_properties = d
        return impact_summary

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
