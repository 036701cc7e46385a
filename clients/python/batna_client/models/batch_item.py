from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.batch_item_status import BatchItemStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.batch_problem import BatchProblem
  from ..models.evaluation import Evaluation





T = TypeVar("T", bound="BatchItem")



@_attrs_define
class BatchItem:
    """ One batch result, in input order.

        Attributes:
            index (int): Position of the situation in the request (0-based).
            status (BatchItemStatus): 200 (evaluated) or 422 (rejected).
            evaluation (Evaluation | None | Unset): The evaluation, when status is 200.
            problem (BatchProblem | None | Unset): Why it was rejected, when status is 422.
     """

    index: int
    status: BatchItemStatus
    evaluation: Evaluation | None | Unset = UNSET
    problem: BatchProblem | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_problem import BatchProblem # noqa: PLC0415
        from ..models.evaluation import Evaluation # noqa: PLC0415
        index = self.index

        status = self.status.value

        evaluation: dict[str, Any] | None | Unset
        if isinstance(self.evaluation, Unset):
            evaluation = UNSET
        elif isinstance(self.evaluation, Evaluation):
            evaluation = self.evaluation.to_dict()
        else:
            evaluation = self.evaluation

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, BatchProblem):
            problem = self.problem.to_dict()
        else:
            problem = self.problem


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "status": status,
        })
        if evaluation is not UNSET:
            field_dict["evaluation"] = evaluation
        if problem is not UNSET:
            field_dict["problem"] = problem

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_problem import BatchProblem # noqa: PLC0415
        from ..models.evaluation import Evaluation # noqa: PLC0415
        d = dict(src_dict)
        index = d.pop("index")

        status = BatchItemStatus(d.pop("status"))




        def _parse_evaluation(data: object) -> Evaluation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                evaluation_type_0 = Evaluation.from_dict(data)



                return evaluation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Evaluation | None | Unset, data)

        evaluation = _parse_evaluation(d.pop("evaluation", UNSET))


        def _parse_problem(data: object) -> BatchProblem | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = BatchProblem.from_dict(data)



                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchProblem | None | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))


        batch_item = cls(
            index=index,
            status=status,
            evaluation=evaluation,
            problem=problem,
        )


        batch_item.additional_properties = d
        return batch_item

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
