from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="WebhookIn")



@_attrs_define
class WebhookIn:
    """ An endpoint to register.

        Attributes:
            url (str): Where events are POSTed: an ``http`` or ``https`` URL with a host (a name or IPv4 address) and no
                credentials, in RFC 3986's characters.
     """

    url: str





    def to_dict(self) -> dict[str, Any]:
        url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        webhook_in = cls(
            url=url,
        )

        return webhook_in

