from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.impact_analysis import ImpactAnalysis
from ...models.impact_request import ImpactRequest
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    *,
    body: ImpactRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/impact-analyses",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImpactAnalysis | Problem | None:
    if response.status_code == 202:
        response_202 = ImpactAnalysis.from_dict(response.json())



        return response_202

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ImpactAnalysis | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImpactRequest,

) -> Response[ImpactAnalysis | Problem]:
    """ Replay stored decisions against a candidate ruleset

     Queues an analysis of the tenant's stored evaluations (made between since and until, inclusive days,
    UTC) against a loaded ruleset version (`GET /v1/rulesets` lists them; the server loads candidates
    from BATNA_CANDIDATE_BUNDLES). Each decision whose situation was kept is evaluated again as of the
    day it was made and compared with what was answered then. Server workers do the work in leased
    chunks; poll the Location for progress and the summary. An unknown candidate is a 422 listing the
    loaded ones.

    Args:
        body (ImpactRequest): ``POST /v1/impact-analyses``: which candidate, over which stored
            decisions.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImpactAnalysis | Problem]
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
    body: ImpactRequest,

) -> ImpactAnalysis | Problem | None:
    """ Replay stored decisions against a candidate ruleset

     Queues an analysis of the tenant's stored evaluations (made between since and until, inclusive days,
    UTC) against a loaded ruleset version (`GET /v1/rulesets` lists them; the server loads candidates
    from BATNA_CANDIDATE_BUNDLES). Each decision whose situation was kept is evaluated again as of the
    day it was made and compared with what was answered then. Server workers do the work in leased
    chunks; poll the Location for progress and the summary. An unknown candidate is a 422 listing the
    loaded ones.

    Args:
        body (ImpactRequest): ``POST /v1/impact-analyses``: which candidate, over which stored
            decisions.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImpactAnalysis | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImpactRequest,

) -> Response[ImpactAnalysis | Problem]:
    """ Replay stored decisions against a candidate ruleset

     Queues an analysis of the tenant's stored evaluations (made between since and until, inclusive days,
    UTC) against a loaded ruleset version (`GET /v1/rulesets` lists them; the server loads candidates
    from BATNA_CANDIDATE_BUNDLES). Each decision whose situation was kept is evaluated again as of the
    day it was made and compared with what was answered then. Server workers do the work in leased
    chunks; poll the Location for progress and the summary. An unknown candidate is a 422 listing the
    loaded ones.

    Args:
        body (ImpactRequest): ``POST /v1/impact-analyses``: which candidate, over which stored
            decisions.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImpactAnalysis | Problem]
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
    body: ImpactRequest,

) -> ImpactAnalysis | Problem | None:
    """ Replay stored decisions against a candidate ruleset

     Queues an analysis of the tenant's stored evaluations (made between since and until, inclusive days,
    UTC) against a loaded ruleset version (`GET /v1/rulesets` lists them; the server loads candidates
    from BATNA_CANDIDATE_BUNDLES). Each decision whose situation was kept is evaluated again as of the
    day it was made and compared with what was answered then. Server workers do the work in leased
    chunks; poll the Location for progress and the summary. An unknown candidate is a 422 listing the
    loaded ones.

    Args:
        body (ImpactRequest): ``POST /v1/impact-analyses``: which candidate, over which stored
            decisions.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImpactAnalysis | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
