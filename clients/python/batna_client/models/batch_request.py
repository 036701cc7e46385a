from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="BatchRequest")



@_attrs_define
class BatchRequest:
    """ Up to 1,000 situations evaluated in one request.

        Attributes:
            situations (list[Any]): Situations (each shaped like ``Situation``). Each is validated on its own and an invalid
                one comes back as that item's 422 problem, so items are accepted as any JSON value here: one bad item never
                fails the others.
     """

    situations: list[Any]





    def to_dict(self) -> dict[str, Any]:
        situations = self.situations




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "situations": situations,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        situations = cast(list[Any], d.pop("situations"))


        batch_request = cls(
            situations=situations,
        )

        return batch_request

