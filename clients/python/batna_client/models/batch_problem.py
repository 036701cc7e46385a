from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.batch_problem_error import BatchProblemError
from ..models.batch_problem_type import BatchProblemType
from typing import cast

if TYPE_CHECKING:
  from ..models.issue import Issue





T = TypeVar("T", bound="BatchProblem")



@_attrs_define
class BatchProblem:
    """ Why one batch item was rejected: the problem a single request would have got.

        Attributes:
            type_ (BatchProblemType): The problem type URI, as in every problem document (added in v1, after the first
                release; clients that ignore it lose nothing).
            title (str): The problem type's title.
            status (int): 422.
            error (BatchProblemError): ``VALIDATION_FAILED``.
            detail (str): Summary.
            details (list[Issue]): Every issue with its code and JSON pointer (relative to the item).
     """

    type_: BatchProblemType
    title: str
    status: int
    error: BatchProblemError
    detail: str
    details: list[Issue]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.issue import Issue # noqa: PLC0415
        type_ = self.type_.value

        title = self.title

        status = self.status

        error = self.error.value

        detail = self.detail

        details = []
        for details_item_data in self.details:
            details_item = details_item_data.to_dict()
            details.append(details_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
            "title": title,
            "status": status,
            "error": error,
            "detail": detail,
            "details": details,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue import Issue # noqa: PLC0415
        d = dict(src_dict)
        type_ = BatchProblemType(d.pop("type"))




        title = d.pop("title")

        status = d.pop("status")

        error = BatchProblemError(d.pop("error"))




        detail = d.pop("detail")

        details = []
        _details = d.pop("details")
        for details_item_data in (_details):
            details_item = Issue.from_dict(details_item_data)



            details.append(details_item)


        batch_problem = cls(
            type_=type_,
            title=title,
            status=status,
            error=error,
            detail=detail,
            details=details,
        )


        batch_problem.additional_properties = d
        return batch_problem

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
