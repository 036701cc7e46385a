from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.rule_info import RuleInfo





T = TypeVar("T", bound="RulesetDetail")



@_attrs_define
class RulesetDetail:
    """ A ruleset with every rule.

        Attributes:
            name (str):
            version (str):
            revision (str):
            description (str):
            rule_count (int):
            ref (str):
            default (bool):
            rules (list[RuleInfo]): Its rules, derive rules included.
     """

    name: str
    version: str
    revision: str
    description: str
    rule_count: int
    ref: str
    default: bool
    rules: list[RuleInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_info import RuleInfo # noqa: PLC0415
        name = self.name

        version = self.version

        revision = self.revision

        description = self.description

        rule_count = self.rule_count

        ref = self.ref

        default = self.default

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "version": version,
            "revision": revision,
            "description": description,
            "rule_count": rule_count,
            "ref": ref,
            "default": default,
            "rules": rules,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_info import RuleInfo # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        revision = d.pop("revision")

        description = d.pop("description")

        rule_count = d.pop("rule_count")

        ref = d.pop("ref")

        default = d.pop("default")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in (_rules):
            rules_item = RuleInfo.from_dict(rules_item_data)



            rules.append(rules_item)


        ruleset_detail = cls(
            name=name,
            version=version,
            revision=revision,
            description=description,
            rule_count=rule_count,
            ref=ref,
            default=default,
            rules=rules,
        )


        ruleset_detail.additional_properties = d
        return ruleset_detail

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
