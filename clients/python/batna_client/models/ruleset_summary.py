from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RulesetSummary")



@_attrs_define
class RulesetSummary:
    """ A loaded ruleset version.

        Attributes:
            name (str): Ruleset name.
            version (str): Its version.
            revision (str): SHA-256 of the rule bundle it came from.
            description (str): What it covers.
            rule_count (int): Judgement rules (blockers, warnings, recommendations).
            ref (str): ``name@version``, what ``?ruleset=`` takes.
            default (bool): True for the server's default (what a request gets when neither it nor its tenant names a
                version).
     """

    name: str
    version: str
    revision: str
    description: str
    rule_count: int
    ref: str
    default: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        revision = self.revision

        description = self.description

        rule_count = self.rule_count

        ref = self.ref

        default = self.default


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
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        revision = d.pop("revision")

        description = d.pop("description")

        rule_count = d.pop("rule_count")

        ref = d.pop("ref")

        default = d.pop("default")

        ruleset_summary = cls(
            name=name,
            version=version,
            revision=revision,
            description=description,
            rule_count=rule_count,
            ref=ref,
            default=default,
        )


        ruleset_summary.additional_properties = d
        return ruleset_summary

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
