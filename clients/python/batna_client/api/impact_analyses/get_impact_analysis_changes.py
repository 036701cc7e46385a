from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    analysis_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/impact-analyses/{analysis_id}/changes".format(analysis_id=quote(str(analysis_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | None:
    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

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
    analysis_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem]:
    """ The changed decisions, as JSON Lines

     One ImpactChange per line, oldest decision first: its id, the recommendation and scores before (as
    answered) and after (the candidate's), and the rules added and removed. Only chunks done so far are
    included.

    Args:
        analysis_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
     """


    kwargs = _get_kwargs(
        analysis_id=analysis_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    analysis_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | None:
    """ The changed decisions, as JSON Lines

     One ImpactChange per line, oldest decision first: its id, the recommendation and scores before (as
    answered) and after (the candidate's), and the rules added and removed. Only chunks done so far are
    included.

    Args:
        analysis_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
     """


    return sync_detailed(
        analysis_id=analysis_id,
client=client,

    ).parsed

async def asyncio_detailed(
    analysis_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem]:
    """ The changed decisions, as JSON Lines

     One ImpactChange per line, oldest decision first: its id, the recommendation and scores before (as
    answered) and after (the candidate's), and the rules added and removed. Only chunks done so far are
    included.

    Args:
        analysis_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
     """


    kwargs = _get_kwargs(
        analysis_id=analysis_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    analysis_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | None:
    """ The changed decisions, as JSON Lines

     One ImpactChange per line, oldest decision first: its id, the recommendation and scores before (as
    answered) and after (the candidate's), and the rules added and removed. Only chunks done so far are
    included.

    Args:
        analysis_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
     """


    return (await asyncio_detailed(
        analysis_id=analysis_id,
client=client,

    )).parsed
