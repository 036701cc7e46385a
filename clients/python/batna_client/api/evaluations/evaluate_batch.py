from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.batch_request import BatchRequest
from ...models.batch_response import BatchResponse
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: BatchRequest,
    ruleset: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["ruleset"] = ruleset


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/evaluations:batch",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchResponse | Problem | None:
    if response.status_code == 200:
        response_200 = BatchResponse.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
    ruleset: str | Unset = UNSET,

) -> Response[BatchResponse | Problem]:
    """ Evaluate up to 1,000 situations

     Each situation is validated and evaluated on its own; results come back in input order, each with
    its evaluation or its problem. One bad item never fails the others. More than the limit is a 413
    problem.

    Args:
        ruleset (str | Unset):
        body (BatchRequest): Up to 1,000 situations evaluated in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponse | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
ruleset=ruleset,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
    ruleset: str | Unset = UNSET,

) -> BatchResponse | Problem | None:
    """ Evaluate up to 1,000 situations

     Each situation is validated and evaluated on its own; results come back in input order, each with
    its evaluation or its problem. One bad item never fails the others. More than the limit is a 413
    problem.

    Args:
        ruleset (str | Unset):
        body (BatchRequest): Up to 1,000 situations evaluated in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponse | Problem
     """


    return sync_detailed(
        client=client,
body=body,
ruleset=ruleset,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
    ruleset: str | Unset = UNSET,

) -> Response[BatchResponse | Problem]:
    """ Evaluate up to 1,000 situations

     Each situation is validated and evaluated on its own; results come back in input order, each with
    its evaluation or its problem. One bad item never fails the others. More than the limit is a 413
    problem.

    Args:
        ruleset (str | Unset):
        body (BatchRequest): Up to 1,000 situations evaluated in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponse | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
ruleset=ruleset,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
    ruleset: str | Unset = UNSET,

) -> BatchResponse | Problem | None:
    """ Evaluate up to 1,000 situations

     Each situation is validated and evaluated on its own; results come back in input order, each with
    its evaluation or its problem. One bad item never fails the others. More than the limit is a 413
    problem.

    Args:
        ruleset (str | Unset):
        body (BatchRequest): Up to 1,000 situations evaluated in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponse | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
ruleset=ruleset,

    )).parsed
