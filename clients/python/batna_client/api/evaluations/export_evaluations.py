from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime



def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: UUID | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_cursor: str | Unset = UNSET
    if not isinstance(cursor, Unset):
        json_cursor = str(cursor)
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/evaluations:export",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | None:
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: UUID | Unset = UNSET,

) -> Response[Problem]:
    """ Export stored evaluations as JSON Lines (the decision log)

     Every record of the API key's tenant, one per line, each exactly as GET /v1/evaluations/{id} returns
    it, oldest id first (ids are UUIDv7, so creation order). Streamed a page at a time; memory stays
    flat at any size. The last id this response will send is fixed when it starts and named in Export-
    Last-Id: records stored meanwhile come in the next export. Resume a broken download, or pull only
    what is new, with cursor = the id of the last complete line you hold: the export goes on with
    exactly the records after it. Erased records are not exported.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
     """


    kwargs = _get_kwargs(
        created_after=created_after,
created_before=created_before,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: UUID | Unset = UNSET,

) -> Problem | None:
    """ Export stored evaluations as JSON Lines (the decision log)

     Every record of the API key's tenant, one per line, each exactly as GET /v1/evaluations/{id} returns
    it, oldest id first (ids are UUIDv7, so creation order). Streamed a page at a time; memory stays
    flat at any size. The last id this response will send is fixed when it starts and named in Export-
    Last-Id: records stored meanwhile come in the next export. Resume a broken download, or pull only
    what is new, with cursor = the id of the last complete line you hold: the export goes on with
    exactly the records after it. Erased records are not exported.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
     """


    return sync_detailed(
        client=client,
created_after=created_after,
created_before=created_before,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: UUID | Unset = UNSET,

) -> Response[Problem]:
    """ Export stored evaluations as JSON Lines (the decision log)

     Every record of the API key's tenant, one per line, each exactly as GET /v1/evaluations/{id} returns
    it, oldest id first (ids are UUIDv7, so creation order). Streamed a page at a time; memory stays
    flat at any size. The last id this response will send is fixed when it starts and named in Export-
    Last-Id: records stored meanwhile come in the next export. Resume a broken download, or pull only
    what is new, with cursor = the id of the last complete line you hold: the export goes on with
    exactly the records after it. Erased records are not exported.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
     """


    kwargs = _get_kwargs(
        created_after=created_after,
created_before=created_before,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: UUID | Unset = UNSET,

) -> Problem | None:
    """ Export stored evaluations as JSON Lines (the decision log)

     Every record of the API key's tenant, one per line, each exactly as GET /v1/evaluations/{id} returns
    it, oldest id first (ids are UUIDv7, so creation order). Streamed a page at a time; memory stays
    flat at any size. The last id this response will send is fixed when it starts and named in Export-
    Last-Id: records stored meanwhile come in the next export. Resume a broken download, or pull only
    what is new, with cursor = the id of the last complete line you hold: the export goes on with
    exactly the records after it. Erased records are not exported.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
     """


    return (await asyncio_detailed(
        client=client,
created_after=created_after,
created_before=created_before,
cursor=cursor,

    )).parsed
