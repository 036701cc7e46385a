from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.batch_page import BatchPage
from ...models.list_batches_status import ListBatchesStatus
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    status: ListBatchesStatus | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/batches",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchPage | Problem | None:
    if response.status_code == 200:
        response_200 = BatchPage.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    status: ListBatchesStatus | Unset = UNSET,

) -> Response[BatchPage | Problem]:
    """ List the tenant's batches, newest first

     Each item is the batch's status as GET /v1/batches/{id} answers it. Cursor pagination: pass
    next_cursor back as cursor until it is null.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        status (ListBatchesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    status: ListBatchesStatus | Unset = UNSET,

) -> BatchPage | Problem | None:
    """ List the tenant's batches, newest first

     Each item is the batch's status as GET /v1/batches/{id} answers it. Cursor pagination: pass
    next_cursor back as cursor until it is null.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        status (ListBatchesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchPage | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    status: ListBatchesStatus | Unset = UNSET,

) -> Response[BatchPage | Problem]:
    """ List the tenant's batches, newest first

     Each item is the batch's status as GET /v1/batches/{id} answers it. Cursor pagination: pass
    next_cursor back as cursor until it is null.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        status (ListBatchesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    status: ListBatchesStatus | Unset = UNSET,

) -> BatchPage | Problem | None:
    """ List the tenant's batches, newest first

     Each item is the batch's status as GET /v1/batches/{id} answers it. Cursor pagination: pass
    next_cursor back as cursor until it is null.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        status (ListBatchesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,

    )).parsed
