from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.evaluation import Evaluation
from ...models.problem import Problem
from ...models.situation import Situation
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: Situation,
    hint: bool | Unset = False,
    store_situation: bool | Unset = True,
    ruleset: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    params: dict[str, Any] = {}

    params["hint"] = hint

    params["store_situation"] = store_situation

    params["ruleset"] = ruleset


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/evaluations",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Evaluation | Problem | None:
    if response.status_code == 201:
        response_201 = Evaluation.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Evaluation | Problem]:
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
    hint: bool | Unset = False,
    store_situation: bool | Unset = True,
    ruleset: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Evaluation | Problem]:
    """ Evaluate one offer situation, and keep it for audit

     Validates the situation, runs the rule set, stores the evaluation for the API key's tenant and
    returns it with its record id (201, Location). Every invalid field is reported at once (422). Gender
    is never stored. With an Idempotency-Key, a retry of the same request within 24 hours returns the
    first response (header Idempotent-Replayed: true) and stores nothing new.

    Args:
        hint (bool | Unset):  Default: False.
        store_situation (bool | Unset):  Default: True.
        ruleset (str | Unset):
        idempotency_key (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Evaluation | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
hint=hint,
store_situation=store_situation,
ruleset=ruleset,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: Situation,
    hint: bool | Unset = False,
    store_situation: bool | Unset = True,
    ruleset: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Evaluation | Problem | None:
    """ Evaluate one offer situation, and keep it for audit

     Validates the situation, runs the rule set, stores the evaluation for the API key's tenant and
    returns it with its record id (201, Location). Every invalid field is reported at once (422). Gender
    is never stored. With an Idempotency-Key, a retry of the same request within 24 hours returns the
    first response (header Idempotent-Replayed: true) and stores nothing new.

    Args:
        hint (bool | Unset):  Default: False.
        store_situation (bool | Unset):  Default: True.
        ruleset (str | Unset):
        idempotency_key (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Evaluation | Problem
     """


    return sync_detailed(
        client=client,
body=body,
hint=hint,
store_situation=store_situation,
ruleset=ruleset,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Situation,
    hint: bool | Unset = False,
    store_situation: bool | Unset = True,
    ruleset: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Evaluation | Problem]:
    """ Evaluate one offer situation, and keep it for audit

     Validates the situation, runs the rule set, stores the evaluation for the API key's tenant and
    returns it with its record id (201, Location). Every invalid field is reported at once (422). Gender
    is never stored. With an Idempotency-Key, a retry of the same request within 24 hours returns the
    first response (header Idempotent-Replayed: true) and stores nothing new.

    Args:
        hint (bool | Unset):  Default: False.
        store_situation (bool | Unset):  Default: True.
        ruleset (str | Unset):
        idempotency_key (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Evaluation | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
hint=hint,
store_situation=store_situation,
ruleset=ruleset,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Situation,
    hint: bool | Unset = False,
    store_situation: bool | Unset = True,
    ruleset: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Evaluation | Problem | None:
    """ Evaluate one offer situation, and keep it for audit

     Validates the situation, runs the rule set, stores the evaluation for the API key's tenant and
    returns it with its record id (201, Location). Every invalid field is reported at once (422). Gender
    is never stored. With an Idempotency-Key, a retry of the same request within 24 hours returns the
    first response (header Idempotent-Replayed: true) and stores nothing new.

    Args:
        hint (bool | Unset):  Default: False.
        store_situation (bool | Unset):  Default: True.
        ruleset (str | Unset):
        idempotency_key (str | Unset):
        body (Situation): An offer situation, ``schema_version`` 1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Evaluation | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
hint=hint,
store_situation=store_situation,
ruleset=ruleset,
idempotency_key=idempotency_key,

    )).parsed
