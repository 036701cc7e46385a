from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.evaluation import Evaluation
  from ..models.ruleset_ref import RulesetRef
  from ..models.situation import Situation





T = TypeVar("T", bound="EvaluationRecord")



@_attrs_define
class EvaluationRecord:
    """ One stored evaluation, as an auditor reads it back.

        Attributes:
            id (str): Time-ordered id (UUIDv7).
            created_at (str): When it was evaluated (UTC, RFC 3339).
            ruleset (RulesetRef): Which rules produced an evaluation, so it can be explained and reproduced later.
            situation_stored (bool): False when the caller opted out (``store_situation=false``).
            situation_sha256 (str): SHA-256 of the situation as kept (canonical JSON, gender removed).
            situation (None | Situation): The situation as kept (gender is never stored), or null.
            evaluation (Evaluation): The evaluation of one situation.
     """

    id: str
    created_at: str
    ruleset: RulesetRef
    situation_stored: bool
    situation_sha256: str
    situation: None | Situation
    evaluation: Evaluation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.situation import Situation # noqa: PLC0415
        id = self.id

        created_at = self.created_at

        ruleset = self.ruleset.to_dict()

        situation_stored = self.situation_stored

        situation_sha256 = self.situation_sha256

        situation: dict[str, Any] | None
        if isinstance(self.situation, Situation):
            situation = self.situation.to_dict()
        else:
            situation = self.situation

        evaluation = self.evaluation.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "created_at": created_at,
            "ruleset": ruleset,
            "situation_stored": situation_stored,
            "situation_sha256": situation_sha256,
            "situation": situation,
            "evaluation": evaluation,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.ruleset_ref import RulesetRef # noqa: PLC0415
        from ..models.situation import Situation # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = d.pop("created_at")

        ruleset = RulesetRef.from_dict(d.pop("ruleset"))




        situation_stored = d.pop("situation_stored")

        situation_sha256 = d.pop("situation_sha256")

        def _parse_situation(data: object) -> None | Situation:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                situation_type_0 = Situation.from_dict(data)



                return situation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Situation, data)

        situation = _parse_situation(d.pop("situation"))


        evaluation = Evaluation.from_dict(d.pop("evaluation"))




        evaluation_record = cls(
            id=id,
            created_at=created_at,
            ruleset=ruleset,
            situation_stored=situation_stored,
            situation_sha256=situation_sha256,
            situation=situation,
            evaluation=evaluation,
        )


        evaluation_record.additional_properties = d
        return evaluation_record

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
