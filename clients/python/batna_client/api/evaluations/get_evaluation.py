from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.evaluation_record import EvaluationRecord
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    evaluation_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/evaluations/{evaluation_id}".format(evaluation_id=quote(str(evaluation_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EvaluationRecord | Problem | None:
    if response.status_code == 200:
        response_200 = EvaluationRecord.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EvaluationRecord | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    evaluation_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[EvaluationRecord | Problem]:
    """ Read a stored evaluation back

     The situation (unless the caller opted out; gender is never kept), the ruleset name, version and
    revision, and the evaluation exactly as answered. Another tenant's id is a 404.

    Args:
        evaluation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationRecord | Problem]
     """


    kwargs = _get_kwargs(
        evaluation_id=evaluation_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    evaluation_id: str,
    *,
    client: AuthenticatedClient,

) -> EvaluationRecord | Problem | None:
    """ Read a stored evaluation back

     The situation (unless the caller opted out; gender is never kept), the ruleset name, version and
    revision, and the evaluation exactly as answered. Another tenant's id is a 404.

    Args:
        evaluation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationRecord | Problem
     """


    return sync_detailed(
        evaluation_id=evaluation_id,
client=client,

    ).parsed

async def asyncio_detailed(
    evaluation_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[EvaluationRecord | Problem]:
    """ Read a stored evaluation back

     The situation (unless the caller opted out; gender is never kept), the ruleset name, version and
    revision, and the evaluation exactly as answered. Another tenant's id is a 404.

    Args:
        evaluation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationRecord | Problem]
     """


    kwargs = _get_kwargs(
        evaluation_id=evaluation_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    evaluation_id: str,
    *,
    client: AuthenticatedClient,

) -> EvaluationRecord | Problem | None:
    """ Read a stored evaluation back

     The situation (unless the caller opted out; gender is never kept), the ruleset name, version and
    revision, and the evaluation exactly as answered. Another tenant's id is a 404.

    Args:
        evaluation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationRecord | Problem
     """


    return (await asyncio_detailed(
        evaluation_id=evaluation_id,
client=client,

    )).parsed
