from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.delivery_status import DeliveryStatus
from ..models.delivery_type import DeliveryType
from typing import cast

if TYPE_CHECKING:
  from ..models.attempt import Attempt





T = TypeVar("T", bound="Delivery")



@_attrs_define
class Delivery:
    """ One event on its way to one endpoint, with every attempt.

        Attributes:
            id (str): The delivery's id.
            event_id (str): The event's id, sent as ``webhook-id`` (the same on every retry: dedupe by it).
            type_ (DeliveryType): The event type.
            status (DeliveryStatus): ``pending`` (to be tried, or retried), ``delivered`` (a 2xx came back), or ``failed``
                (every attempt failed).
            attempts (int): Tries so far.
            created_at (str): When the event happened.
            next_attempt_at (None | str): When it is tried next (null once delivered or failed).
            delivered_at (None | str): When a 2xx came back.
            log (list[Attempt]): Every attempt, oldest first.
     """

    id: str
    event_id: str
    type_: DeliveryType
    status: DeliveryStatus
    attempts: int
    created_at: str
    next_attempt_at: None | str
    delivered_at: None | str
    log: list[Attempt]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.attempt import Attempt # noqa: PLC0415
        id = self.id

        event_id = self.event_id

        type_ = self.type_.value

        status = self.status.value

        attempts = self.attempts

        created_at = self.created_at

        next_attempt_at: None | str
        next_attempt_at = self.next_attempt_at

        delivered_at: None | str
        delivered_at = self.delivered_at

        log = []
        for log_item_data in self.log:
            log_item = log_item_data.to_dict()
            log.append(log_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "event_id": event_id,
            "type": type_,
            "status": status,
            "attempts": attempts,
            "created_at": created_at,
            "next_attempt_at": next_attempt_at,
            "delivered_at": delivered_at,
            "log": log,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt import Attempt # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        type_ = DeliveryType(d.pop("type"))




        status = DeliveryStatus(d.pop("status"))




        attempts = d.pop("attempts")

        created_at = d.pop("created_at")

        def _parse_next_attempt_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_delivered_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))


        log = []
        _log = d.pop("log")
        for log_item_data in (_log):
            log_item = Attempt.from_dict(log_item_data)



            log.append(log_item)


        delivery = cls(
            id=id,
            event_id=event_id,
            type_=type_,
            status=status,
            attempts=attempts,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
            log=log,
        )


        delivery.additional_properties = d
        return delivery

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
