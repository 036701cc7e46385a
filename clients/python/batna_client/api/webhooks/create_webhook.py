from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.new_webhook import NewWebhook
from ...models.problem import Problem
from ...models.webhook_in import WebhookIn
from typing import cast



def _get_kwargs(
    *,
    body: WebhookIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> NewWebhook | Problem | None:
    if response.status_code == 201:
        response_201 = NewWebhook.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[NewWebhook | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,

) -> Response[NewWebhook | Problem]:
    """ Register a webhook endpoint

     batna POSTs signed events to the URL (Standard Webhooks): batch.completed when a batch finishes,
    impact_analysis.completed when an impact analysis does. The answer carries the signing secret
    (whsec_…), shown only this once: verify every delivery's webhook-signature with it, and dedupe by
    webhook-id (the same on every retry).

    Args:
        body (WebhookIn): An endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NewWebhook | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,

) -> NewWebhook | Problem | None:
    """ Register a webhook endpoint

     batna POSTs signed events to the URL (Standard Webhooks): batch.completed when a batch finishes,
    impact_analysis.completed when an impact analysis does. The answer carries the signing secret
    (whsec_…), shown only this once: verify every delivery's webhook-signature with it, and dedupe by
    webhook-id (the same on every retry).

    Args:
        body (WebhookIn): An endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NewWebhook | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,

) -> Response[NewWebhook | Problem]:
    """ Register a webhook endpoint

     batna POSTs signed events to the URL (Standard Webhooks): batch.completed when a batch finishes,
    impact_analysis.completed when an impact analysis does. The answer carries the signing secret
    (whsec_…), shown only this once: verify every delivery's webhook-signature with it, and dedupe by
    webhook-id (the same on every retry).

    Args:
        body (WebhookIn): An endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NewWebhook | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,

) -> NewWebhook | Problem | None:
    """ Register a webhook endpoint

     batna POSTs signed events to the URL (Standard Webhooks): batch.completed when a batch finishes,
    impact_analysis.completed when an impact analysis does. The answer carries the signing secret
    (whsec_…), shown only this once: verify every delivery's webhook-signature with it, and dedupe by
    webhook-id (the same on every retry).

    Args:
        body (WebhookIn): An endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NewWebhook | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
