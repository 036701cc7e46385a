from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.evaluation_page import EvaluationPage
from ...models.list_evaluations_recommendation import ListEvaluationsRecommendation
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    recommendation: ListEvaluationsRecommendation | Unset = UNSET,
    rule: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_recommendation: str | Unset = UNSET
    if not isinstance(recommendation, Unset):
        json_recommendation = recommendation.value

    params["recommendation"] = json_recommendation

    params["rule"] = rule

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/evaluations",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EvaluationPage | Problem | None:
    if response.status_code == 200:
        response_200 = EvaluationPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EvaluationPage | Problem]:
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
    recommendation: ListEvaluationsRecommendation | Unset = UNSET,
    rule: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,

) -> Response[EvaluationPage | Problem]:
    """ List stored evaluations, newest first

     Cursor pagination: pass next_cursor back as cursor until it is null. Filters combine (AND).

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        recommendation (ListEvaluationsRecommendation | Unset):
        rule (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
recommendation=recommendation,
rule=rule,
created_after=created_after,
created_before=created_before,

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
    recommendation: ListEvaluationsRecommendation | Unset = UNSET,
    rule: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,

) -> EvaluationPage | Problem | None:
    """ List stored evaluations, newest first

     Cursor pagination: pass next_cursor back as cursor until it is null. Filters combine (AND).

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        recommendation (ListEvaluationsRecommendation | Unset):
        rule (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationPage | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
recommendation=recommendation,
rule=rule,
created_after=created_after,
created_before=created_before,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    recommendation: ListEvaluationsRecommendation | Unset = UNSET,
    rule: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,

) -> Response[EvaluationPage | Problem]:
    """ List stored evaluations, newest first

     Cursor pagination: pass next_cursor back as cursor until it is null. Filters combine (AND).

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        recommendation (ListEvaluationsRecommendation | Unset):
        rule (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
recommendation=recommendation,
rule=rule,
created_after=created_after,
created_before=created_before,

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
    recommendation: ListEvaluationsRecommendation | Unset = UNSET,
    rule: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,

) -> EvaluationPage | Problem | None:
    """ List stored evaluations, newest first

     Cursor pagination: pass next_cursor back as cursor until it is null. Filters combine (AND).

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        recommendation (ListEvaluationsRecommendation | Unset):
        rule (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
recommendation=recommendation,
rule=rule,
created_after=created_after,
created_before=created_before,

    )).parsed
