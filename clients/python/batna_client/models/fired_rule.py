from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fired_rule_kind import FiredRuleKind
from ..models.fired_rule_severity import FiredRuleSeverity
from typing import cast

if TYPE_CHECKING:
  from ..models.condition import Condition
  from ..models.score_effects import ScoreEffects





T = TypeVar("T", bound="FiredRule")



@_attrs_define
class FiredRule:
    """ A rule that fired.

        Attributes:
            id (str): Rule id.
            title (str): Short name.
            category (str): Rule category.
            kind (FiredRuleKind): ``blocker``, ``warning`` or ``recommendation``.
            severity (FiredRuleSeverity): ``critical`` (blockers), ``high``/``medium``/``low`` or ``info``.
            score_effects (ScoreEffects): What one fired rule added to each score (zero effects omitted).
            message (str): Advice for the person, filled in from the situation.
            sources (list[str]): Keys of the sources it rests on (see the ruleset's sources).
            conditions (list[Condition]): The conditions that held.
     """

    id: str
    title: str
    category: str
    kind: FiredRuleKind
    severity: FiredRuleSeverity
    score_effects: ScoreEffects
    message: str
    sources: list[str]
    conditions: list[Condition]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.condition import Condition # noqa: PLC0415
        from ..models.score_effects import ScoreEffects # noqa: PLC0415
        id = self.id

        title = self.title

        category = self.category

        kind = self.kind.value

        severity = self.severity.value

        score_effects = self.score_effects.to_dict()

        message = self.message

        sources = self.sources



        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "category": category,
            "kind": kind,
            "severity": severity,
            "score_effects": score_effects,
            "message": message,
            "sources": sources,
            "conditions": conditions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition import Condition # noqa: PLC0415
        from ..models.score_effects import ScoreEffects # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        category = d.pop("category")

        kind = FiredRuleKind(d.pop("kind"))




        severity = FiredRuleSeverity(d.pop("severity"))




        score_effects = ScoreEffects.from_dict(d.pop("score_effects"))




        message = d.pop("message")

        sources = cast(list[str], d.pop("sources"))


        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in (_conditions):
            conditions_item = Condition.from_dict(conditions_item_data)



            conditions.append(conditions_item)


        fired_rule = cls(
            id=id,
            title=title,
            category=category,
            kind=kind,
            severity=severity,
            score_effects=score_effects,
            message=message,
            sources=sources,
            conditions=conditions,
        )


        fired_rule.additional_properties = d
        return fired_rule

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
