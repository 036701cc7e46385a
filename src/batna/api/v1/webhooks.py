"""Webhook endpoints of the caller's tenant: register (secret shown once), list, remove, log."""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, delete, get, post
from litestar.params import FromPath

from batna.api import params
from batna.api.auth import principal
from batna.api.body import read_json_body
from batna.api.openapi import Doc
from batna.api.state import services
from batna.schemas.decode import decode_json
from batna.schemas.jsonout import ENCODER
from batna.schemas.webhooks import DeliveryPage, NewWebhook, WebhookIn, WebhookList, webhook_in
from batna.store import known_id

__all__ = ["create_webhook", "delete_webhook", "list_deliveries", "list_webhooks"]

_JSON: Final = "application/json"
_ID_TEXT: Final = "The webhook's id (from the Location header of its registration)."
_LIMIT: Final = 16 << 10


@post(
    "/webhooks",
    operation_id="createWebhook",
    status_code=201,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Register a webhook endpoint",
            description="batna POSTs signed events to the URL (Standard Webhooks): "
            "batch.completed when a batch finishes, impact_analysis.completed when an impact "
            "analysis does. The answer carries the signing secret (whsec_…), shown only this "
            "once: verify every delivery's webhook-signature with it, and dedupe by "
            "webhook-id (the same on every retry).",
            tag="webhooks",
            request=WebhookIn,
            response=NewWebhook,
            status=201,
            errors=(400, 413, 415, 422),
            response_headers={"Location": "The webhook: /v1/webhooks/{id}."},
        )
    },
)
async def create_webhook(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Register the endpoint and answer its secret (201)."""
    raw = await read_json_body(request, _LIMIT)
    wanted = webhook_in(decode_json(raw))
    made = await services(request).webhooks.add(principal(request).tenant_id, wanted.url)
    return Response(
        content=ENCODER.encode(made),
        status_code=201,
        media_type=_JSON,
        headers={"Location": f"/v1/webhooks/{made.id}"},
    )


@get(
    "/webhooks",
    operation_id="listWebhooks",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="List the tenant's webhook endpoints",
            description="Oldest first; secrets are never shown again.",
            tag="webhooks",
            response=WebhookList,
        )
    },
)
async def list_webhooks(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every endpoint of the caller's tenant."""
    found = await services(request).webhooks.list(principal(request).tenant_id)
    return Response(content=ENCODER.encode(found), media_type=_JSON)


@delete(
    "/webhooks/{webhook_id:str}",
    operation_id="deleteWebhook",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Remove a webhook endpoint",
            description="No more events are sent to it; its pending deliveries and its log "
            "are erased.",
            tag="webhooks",
            status=204,
            errors=(404,),
            path_params={"webhook_id": _ID_TEXT},
        )
    },
)
async def delete_webhook(request: Request[Any, Any, Any], webhook_id: FromPath[str]) -> None:
    """Unregister the endpoint (204)."""
    await services(request).webhooks.remove(principal(request).tenant_id, known_id(webhook_id))


@get(
    "/webhooks/{webhook_id:str}/deliveries",
    operation_id="listWebhookDeliveries",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="The delivery log of a webhook endpoint, newest first",
            description="Each delivery (one event to this endpoint) with its status "
            "(pending, delivered, failed), its attempts (time, HTTP status or error, "
            "duration) and when it is tried next. Cursor pagination: pass next_cursor back "
            "as cursor until it is null.",
            tag="webhooks",
            response=DeliveryPage,
            errors=(404, 422),
            path_params={"webhook_id": _ID_TEXT},
            query={
                "limit": (
                    {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                    "Most deliveries per page.",
                ),
                "cursor": (
                    {"type": "string"},
                    "next_cursor of the previous page. Empty means the first page.",
                ),
            },
        )
    },
)
async def list_deliveries(
    request: Request[Any, Any, Any], webhook_id: FromPath[str]
) -> Response[bytes]:
    """A page of the endpoint's deliveries."""
    limit = params.integer(request, "limit", low=1, high=200, default=50)
    cursor = params.cursor(request)
    page = await services(request).webhooks.deliveries(
        principal(request).tenant_id, known_id(webhook_id), limit=limit, before=cursor
    )
    return Response(content=ENCODER.encode(page), media_type=_JSON)
