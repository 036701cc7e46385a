from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.new_webhook_events_item import NewWebhookEventsItem
from typing import cast






T = TypeVar("T", bound="NewWebhook")



@_attrs_define
class NewWebhook:
    """ A freshly registered endpoint: the only time its signing secret is shown.

        Attributes:
            id (str): The endpoint's id (UUIDv7).
            url (str): Where events are POSTed.
            events (list[NewWebhookEventsItem]): The event types it receives.
            created_at (str): When it was registered.
            secret (str): The signing secret (``whsec_`` and base64); verify each delivery with it.
     """

    id: str
    url: str
    events: list[NewWebhookEventsItem]
    created_at: str
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)



        created_at = self.created_at

        secret = self.secret


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "url": url,
            "events": events,
            "created_at": created_at,
            "secret": secret,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for events_item_data in (_events):
            events_item = NewWebhookEventsItem(events_item_data)



            events.append(events_item)


        created_at = d.pop("created_at")

        secret = d.pop("secret")

        new_webhook = cls(
            id=id,
            url=url,
            events=events,
            created_at=created_at,
            secret=secret,
        )


        new_webhook.additional_properties = d
        return new_webhook

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
