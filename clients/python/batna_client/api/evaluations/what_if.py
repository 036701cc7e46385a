from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.situation import Situation
from ...models.what_if import WhatIf
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: Situation,
    cap: int | Unset = UNSET,
    ruleset: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["cap"] = cap

    params["ruleset"] = ruleset


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/evaluations:what-if",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WhatIf | None:
    if response.status_code == 200:
        response_200 = WhatIf.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WhatIf]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Situation,
    cap: int | Unset = UNSET,
    ruleset: str | Unset = UNSET,

) -> Response[Problem | WhatIf]:
    """ Find the smallest changes that improve the outcome

     Tries the remedies of the rules that fired: changes the person controls (framing, tone, disclosure,
    the ask's target, range and type, reasons, preparation, exit plan, timing, getting an offer in
    writing; never facts such as pay or gender), one, then two, then three at a time. Keeps the smallest
    sets that raise the recommendation, remove a blocker or a high or medium warning, or move a score by
    the ruleset's step the right way, without adding a warning; each says what improved in
    `improvements` and carries the evaluation it leads to. Ranked by how far the recommendation rises,
    then warnings removed, then fewest changes. The search is capped and says when the cap cut it short.
    A tenant runs one search (or :batch) at a time per process; more wait their turn.

    Args:
        cap (int | Unset):
        ruleset (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhatIf]
     """


    kwargs = _get_kwargs(
        body=body,
cap=cap,
ruleset=ruleset,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: Situation,
    cap: int | Unset = UNSET,
    ruleset: str | Unset = UNSET,

) -> Problem | WhatIf | None:
    """ Find the smallest changes that improve the outcome

     Tries the remedies of the rules that fired: changes the person controls (framing, tone, disclosure,
    the ask's target, range and type, reasons, preparation, exit plan, timing, getting an offer in
    writing; never facts such as pay or gender), one, then two, then three at a time. Keeps the smallest
    sets that raise the recommendation, remove a blocker or a high or medium warning, or move a score by
    the ruleset's step the right way, without adding a warning; each says what improved in
    `improvements` and carries the evaluation it leads to. Ranked by how far the recommendation rises,
    then warnings removed, then fewest changes. The search is capped and says when the cap cut it short.
    A tenant runs one search (or :batch) at a time per process; more wait their turn.

    Args:
        cap (int | Unset):
        ruleset (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhatIf
     """


    return sync_detailed(
        client=client,
body=body,
cap=cap,
ruleset=ruleset,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Situation,
    cap: int | Unset = UNSET,
    ruleset: str | Unset = UNSET,

) -> Response[Problem | WhatIf]:
    """ Find the smallest changes that improve the outcome

     Tries the remedies of the rules that fired: changes the person controls (framing, tone, disclosure,
    the ask's target, range and type, reasons, preparation, exit plan, timing, getting an offer in
    writing; never facts such as pay or gender), one, then two, then three at a time. Keeps the smallest
    sets that raise the recommendation, remove a blocker or a high or medium warning, or move a score by
    the ruleset's step the right way, without adding a warning; each says what improved in
    `improvements` and carries the evaluation it leads to. Ranked by how far the recommendation rises,
    then warnings removed, then fewest changes. The search is capped and says when the cap cut it short.
    A tenant runs one search (or :batch) at a time per process; more wait their turn.

    Args:
        cap (int | Unset):
        ruleset (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhatIf]
     """


    kwargs = _get_kwargs(
        body=body,
cap=cap,
ruleset=ruleset,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Situation,
    cap: int | Unset = UNSET,
    ruleset: str | Unset = UNSET,

) -> Problem | WhatIf | None:
    """ Find the smallest changes that improve the outcome

     Tries the remedies of the rules that fired: changes the person controls (framing, tone, disclosure,
    the ask's target, range and type, reasons, preparation, exit plan, timing, getting an offer in
    writing; never facts such as pay or gender), one, then two, then three at a time. Keeps the smallest
    sets that raise the recommendation, remove a blocker or a high or medium warning, or move a score by
    the ruleset's step the right way, without adding a warning; each says what improved in
    `improvements` and carries the evaluation it leads to. Ranked by how far the recommendation rises,
    then warnings removed, then fewest changes. The search is capped and says when the cap cut it short.
    A tenant runs one search (or :batch) at a time per process; more wait their turn.

    Args:
        cap (int | Unset):
        ruleset (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhatIf
     """


    return (await asyncio_detailed(
        client=client,
body=body,
cap=cap,
ruleset=ruleset,

    )).parsed
