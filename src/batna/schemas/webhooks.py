"""Signed completion webhooks: endpoints, the events sent to them, and the delivery log.

Events follow Standard Webhooks (https://www.standardwebhooks.com): the body is
``{"type", "timestamp", "data"}``, signed with the endpoint's ``whsec_`` secret in the
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` headers.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Final, Literal, get_args
from urllib.parse import urlsplit

import msgspec

from batna.errors import Issue, ValidationFailed

__all__ = [
    "EVENT_TYPES",
    "MAX_URL_LENGTH",
    "URL_PATTERN",
    "Attempt",
    "Delivery",
    "DeliveryPage",
    "DeliveryState",
    "Event",
    "EventType",
    "NewWebhook",
    "Outgoing",
    "Webhook",
    "WebhookIn",
    "WebhookList",
    "check_url",
    "webhook_in",
]

EventType = Literal["batch.completed", "impact_analysis.completed"]
EVENT_TYPES: Final = get_args(EventType)
DeliveryState = Literal["pending", "delivered", "failed"]
MAX_URL_LENGTH: Final = 2048
# RFC 3986 characters of a path segment, query or fragment: unreserved, sub-delims, ':',
# '@' and percent-escapes. Ports 0 to 65535, spelled out so the pattern alone decides.
_PCHAR: Final = r"[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2}"
_PORT: Final = r"[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]"
URL_PATTERN: Final = (
    "^https?://[A-Za-z0-9._~-]+"
    f"(?::(?:{_PORT}))?"
    f"(?:/(?:{_PCHAR}|/)*)?"
    f"(?:[?](?:{_PCHAR}|[/?])*)?"
    f"(?:#(?:{_PCHAR}|[/?])*)?$"
)
"""What ``check_url`` accepts (and the contract's ``url`` pattern): an absolute RFC 3986
URI, ``http`` or ``https`` in lower case, a host name or IPv4 address with no credentials,
an optional port, then path, query and fragment in RFC 3986's characters."""
_URL: Final = re.compile(URL_PATTERN)
Url = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_URL_LENGTH,
        pattern=URL_PATTERN,
        extra_json_schema={"format": "uri"},
    ),
]


class WebhookIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An endpoint to register.

    Attributes:
        url: Where events are POSTed: an ``http`` or ``https`` URL with a host (a name or
            IPv4 address) and no credentials, in RFC 3986's characters.
    """

    url: Url


class Webhook(msgspec.Struct, frozen=True, kw_only=True):
    """A registered endpoint (its secret is shown only when it is made).

    Attributes:
        id: The endpoint's id (UUIDv7).
        url: Where events are POSTed.
        events: The event types it receives (every type batna sends).
        created_at: When it was registered.
    """

    id: str
    url: str
    events: list[EventType]
    created_at: datetime


class NewWebhook(msgspec.Struct, frozen=True, kw_only=True):
    """A freshly registered endpoint: the only time its signing secret is shown.

    Attributes:
        id: The endpoint's id (UUIDv7).
        url: Where events are POSTed.
        events: The event types it receives.
        created_at: When it was registered.
        secret: The signing secret (``whsec_`` and base64); verify each delivery with it.
    """

    id: str
    url: str
    events: list[EventType]
    created_at: datetime
    secret: str


class WebhookList(msgspec.Struct, frozen=True, kw_only=True):
    """The tenant's endpoints, oldest first.

    Attributes:
        items: Every registered endpoint.
    """

    items: list[Webhook]


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    """One try at delivering an event.

    Attributes:
        attempt: 1 for the first try, then 2, 3 …
        at: When the request was sent.
        status_code: The receiver's HTTP status (null when no answer came).
        error: Why it failed, when it did (a non-2xx status, a timeout, a refused connection).
        duration_ms: How long the receiver took to answer (or to fail).
    """

    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    """One event on its way to one endpoint, with every attempt.

    Attributes:
        id: The delivery's id.
        event_id: The event's id, sent as ``webhook-id`` (the same on every retry: dedupe by it).
        type: The event type.
        status: ``pending`` (to be tried, or retried), ``delivered`` (a 2xx came back), or
            ``failed`` (every attempt failed).
        attempts: Tries so far.
        created_at: When the event happened.
        next_attempt_at: When it is tried next (null once delivered or failed).
        delivered_at: When a 2xx came back.
        log: Every attempt, oldest first.
    """

    id: str
    event_id: str
    type: EventType
    status: DeliveryState
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    log: list[Attempt]


class DeliveryPage(msgspec.Struct, frozen=True, kw_only=True):
    """An endpoint's deliveries, newest first.

    Attributes:
        items: Up to ``limit`` deliveries.
        next_cursor: Pass as ``cursor`` for the next page; null on the last page.
    """

    items: list[Delivery]
    next_cursor: str | None


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """The body POSTed to an endpoint (the Standard Webhooks envelope).

    Attributes:
        type: The event type.
        timestamp: When the event happened.
        data: What happened (for ``batch.completed``: the batch's status document).
    """

    type: EventType
    timestamp: datetime
    data: msgspec.Raw


class Outgoing(msgspec.Struct, frozen=True, kw_only=True):
    """A delivery a worker holds until ``lease_until``: what to send, where, signed how.

    Attributes:
        delivery_id: The delivery.
        event_id: Sent as ``webhook-id``.
        url: The endpoint.
        secret: The endpoint's signing secret (``whsec_…``), unsealed for this attempt;
            None when it was sealed under another pepper (it cannot be signed).
        payload: The body, byte for byte as signed.
        attempt: The number this attempt gets.
        lease_until: When another worker may take the delivery over.
    """

    delivery_id: str
    event_id: str
    url: str
    secret: str | None
    payload: bytes
    attempt: int
    lease_until: datetime


def check_url(url: str, path: str = "/url") -> str:
    """``url`` if it matches ``URL_PATTERN`` (the contract's, so both refuse the same); else a 422.

    The pattern alone decides; the checks after it only say why a refused URL is refused.

    Raises:
        ValidationFailed: With code ``INVALID_URL`` (or ``INVALID_LENGTH``) at ``path``.
    """

    def refuse(code: str, message: str) -> ValidationFailed:
        return ValidationFailed([Issue(code=code, path=path, message=message)])

    if not url or len(url) > MAX_URL_LENGTH:
        raise refuse("INVALID_LENGTH", f"A URL of 1 to {MAX_URL_LENGTH} characters.")
    if _URL.fullmatch(url):
        return url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it (a bad port raises)
    except ValueError:
        raise refuse("INVALID_URL", "Not a URL (a port is a number from 0 to 65535).") from None
    if not url.startswith(("http://", "https://")):
        raise refuse("INVALID_URL", "The URL must start with http:// or https://.")
    if not parts.hostname:
        raise refuse("INVALID_URL", "The URL must name a host.")
    if parts.username is not None or parts.password is not None:
        raise refuse("INVALID_URL", "Put no credentials in the URL; verify the signature.")
    raise refuse(
        "INVALID_URL",
        "The URL holds characters RFC 3986 does not allow there (spaces, control characters, "
        "a bare %, non-ASCII: percent-encode them), or its host is not a name or IPv4 address.",
    )


def webhook_in(document: object) -> WebhookIn:
    """The endpoint a request body registers, or every issue with its field.

    Raises:
        ValidationFailed: Not an object, unknown fields, no ``url``, or a bad one.
    """
    if not isinstance(document, dict):
        raise ValidationFailed(
            [Issue(code="INVALID_TYPE", path="", message="Expected a JSON object.")]
        )
    issues = [
        Issue(code="UNKNOWN_FIELD", path=f"/{key}", message=f"Unknown field {key!r}.")
        for key in document
        if key != "url"
    ]
    url = document.get("url")
    if url is None:
        issues.append(Issue(code="REQUIRED_FIELD_MISSING", path="/url", message="url is required."))
    elif not isinstance(url, str):
        issues.append(Issue(code="INVALID_TYPE", path="/url", message="Expected a string."))
    else:
        try:
            check_url(url)
        except ValidationFailed as exc:
            issues.extend(exc.issues)
    if issues:
        raise ValidationFailed(issues)
    return WebhookIn(url=str(url))
