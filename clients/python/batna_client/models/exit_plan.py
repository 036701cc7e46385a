from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ExitPlan")



@_attrs_define
class ExitPlan:
    """ How an employee would leave (ignored for candidates).

        Attributes:
            notice_period_weeks (float | None | Unset): Notice they plan to give.
            contractual_notice_weeks (float | None | Unset): Notice their contract requires.
            transition_plan_prepared (bool | None | Unset): Handover plan drafted.
            keep_in_touch_plan (bool | None | Unset): Plans to stay in contact after leaving.
     """

    notice_period_weeks: float | None | Unset = UNSET
    contractual_notice_weeks: float | None | Unset = UNSET
    transition_plan_prepared: bool | None | Unset = UNSET
    keep_in_touch_plan: bool | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        notice_period_weeks: float | None | Unset
        if isinstance(self.notice_period_weeks, Unset):
            notice_period_weeks = UNSET
        else:
            notice_period_weeks = self.notice_period_weeks

        contractual_notice_weeks: float | None | Unset
        if isinstance(self.contractual_notice_weeks, Unset):
            contractual_notice_weeks = UNSET
        else:
            contractual_notice_weeks = self.contractual_notice_weeks

        transition_plan_prepared: bool | None | Unset
        if isinstance(self.transition_plan_prepared, Unset):
            transition_plan_prepared = UNSET
        else:
            transition_plan_prepared = self.transition_plan_prepared

        keep_in_touch_plan: bool | None | Unset
        if isinstance(self.keep_in_touch_plan, Unset):
            keep_in_touch_plan = UNSET
        else:
            keep_in_touch_plan = self.keep_in_touch_plan


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if notice_period_weeks is not UNSET:
            field_dict["notice_period_weeks"] = notice_period_weeks
        if contractual_notice_weeks is not UNSET:
            field_dict["contractual_notice_weeks"] = contractual_notice_weeks
        if transition_plan_prepared is not UNSET:
            field_dict["transition_plan_prepared"] = transition_plan_prepared
        if keep_in_touch_plan is not UNSET:
            field_dict["keep_in_touch_plan"] = keep_in_touch_plan

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_notice_period_weeks(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        notice_period_weeks = _parse_notice_period_weeks(d.pop("notice_period_weeks", UNSET))


        def _parse_contractual_notice_weeks(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        contractual_notice_weeks = _parse_contractual_notice_weeks(d.pop("contractual_notice_weeks", UNSET))


        def _parse_transition_plan_prepared(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        transition_plan_prepared = _parse_transition_plan_prepared(d.pop("transition_plan_prepared", UNSET))


        def _parse_keep_in_touch_plan(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        keep_in_touch_plan = _parse_keep_in_touch_plan(d.pop("keep_in_touch_plan", UNSET))


        exit_plan = cls(
            notice_period_weeks=notice_period_weeks,
            contractual_notice_weeks=contractual_notice_weeks,
            transition_plan_prepared=transition_plan_prepared,
            keep_in_touch_plan=keep_in_touch_plan,
        )

        return exit_plan

