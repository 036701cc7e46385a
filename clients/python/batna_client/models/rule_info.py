from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rule_info_kind import RuleInfoKind
from ..models.rule_info_severity import RuleInfoSeverity
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.rule_info_conditions import RuleInfoConditions
  from ..models.score_effects import ScoreEffects
  from ..models.source_info import SourceInfo





T = TypeVar("T", bound="RuleInfo")



@_attrs_define
class RuleInfo:
    """ A rule as an integrator's UI shows it.

        Attributes:
            id (str): Rule id.
            title (str): Short name.
            category (str): Category.
            kind (RuleInfoKind): ``blocker``, ``warning``, ``recommendation`` or ``derive``.
            severity (RuleInfoSeverity): Severity (``info`` for recommendations and derive rules).
            score_effects (ScoreEffects): What one fired rule added to each score (zero effects omitted).
            conditions (RuleInfoConditions): The condition as written in the rule file (all/any/not/fact/path).
            sources (list[SourceInfo]): The sources it rests on.
            rationale (str): Why it exists.
            message (None | str | Unset): Message template (judgement rules).
            safer_alternative (None | str | Unset): What it suggests instead, if anything.
            asserts (None | str | Unset): The fact a derive rule asserts.
     """

    id: str
    title: str
    category: str
    kind: RuleInfoKind
    severity: RuleInfoSeverity
    score_effects: ScoreEffects
    conditions: RuleInfoConditions
    sources: list[SourceInfo]
    rationale: str
    message: None | str | Unset = UNSET
    safer_alternative: None | str | Unset = UNSET
    asserts: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_info_conditions import RuleInfoConditions # noqa: PLC0415
        from ..models.score_effects import ScoreEffects # noqa: PLC0415
        from ..models.source_info import SourceInfo # noqa: PLC0415
        id = self.id

        title = self.title

        category = self.category

        kind = self.kind.value

        severity = self.severity.value

        score_effects = self.score_effects.to_dict()

        conditions = self.conditions.to_dict()

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)



        rationale = self.rationale

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        safer_alternative: None | str | Unset
        if isinstance(self.safer_alternative, Unset):
            safer_alternative = UNSET
        else:
            safer_alternative = self.safer_alternative

        asserts: None | str | Unset
        if isinstance(self.asserts, Unset):
            asserts = UNSET
        else:
            asserts = self.asserts


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "category": category,
            "kind": kind,
            "severity": severity,
            "score_effects": score_effects,
            "conditions": conditions,
            "sources": sources,
            "rationale": rationale,
        })
        if message is not UNSET:
            field_dict["message"] = message
        if safer_alternative is not UNSET:
            field_dict["safer_alternative"] = safer_alternative
        if asserts is not UNSET:
            field_dict["asserts"] = asserts

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_info_conditions import RuleInfoConditions # noqa: PLC0415
        from ..models.score_effects import ScoreEffects # noqa: PLC0415
        from ..models.source_info import SourceInfo # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        category = d.pop("category")

        kind = RuleInfoKind(d.pop("kind"))




        severity = RuleInfoSeverity(d.pop("severity"))




        score_effects = ScoreEffects.from_dict(d.pop("score_effects"))




        conditions = RuleInfoConditions.from_dict(d.pop("conditions"))




        sources = []
        _sources = d.pop("sources")
        for sources_item_data in (_sources):
            sources_item = SourceInfo.from_dict(sources_item_data)



            sources.append(sources_item)


        rationale = d.pop("rationale")

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))


        def _parse_safer_alternative(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        safer_alternative = _parse_safer_alternative(d.pop("safer_alternative", UNSET))


        def _parse_asserts(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        asserts = _parse_asserts(d.pop("asserts", UNSET))


        rule_info = cls(
            id=id,
            title=title,
            category=category,
            kind=kind,
            severity=severity,
            score_effects=score_effects,
            conditions=conditions,
            sources=sources,
            rationale=rationale,
            message=message,
            safer_alternative=safer_alternative,
            asserts=asserts,
        )


        rule_info.additional_properties = d
        return rule_info

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
