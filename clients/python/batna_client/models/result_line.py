from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.evaluation import Evaluation
  from ..models.problem import Problem





T = TypeVar("T", bound="ResultLine")



@_attrs_define
class ResultLine:
    """ One line of a batch's results (JSON Lines), in input order.

        Attributes:
            row (int): 0-based position of the row in the upload (header and blank lines not counted).
            status (int): 200 evaluated, 422 failed validation.
            evaluation (Evaluation | None | Unset): The evaluation (status 200).
            problem (None | Problem | Unset): The problem with every issue (status 422).
     """

    row: int
    status: int
    evaluation: Evaluation | None | Unset = UNSET
    problem: None | Problem | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        row = self.row

        status = self.status

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
        elif isinstance(self.problem, Problem):
            problem = self.problem.to_dict()
        else:
            problem = self.problem


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "row": row,
            "status": status,
        })
        if evaluation is not UNSET:
            field_dict["evaluation"] = evaluation
        if problem is not UNSET:
            field_dict["problem"] = problem

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation import Evaluation # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        d = dict(src_dict)
        row = d.pop("row")

        status = d.pop("status")

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


        def _parse_problem(data: object) -> None | Problem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = Problem.from_dict(data)



                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))


        result_line = cls(
            row=row,
            status=status,
            evaluation=evaluation,
            problem=problem,
        )


        result_line.additional_properties = d
        return result_line

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
