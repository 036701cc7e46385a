from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_batch_results_format import GetBatchResultsFormat
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    batch_id: str,
    *,
    start: int | Unset = 0,
    format_: GetBatchResultsFormat | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["start"] = start

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/batches/{batch_id}/results".format(batch_id=quote(str(batch_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    batch_id: str,
    *,
    client: AuthenticatedClient,
    start: int | Unset = 0,
    format_: GetBatchResultsFormat | Unset = UNSET,

) -> Response[Problem | str]:
    """ Results of a batch, as JSON Lines (or CSV) in input order

     Each line is a ResultLine: the row, 200 with its evaluation or 422 with its problem. The stream
    stops before the first row not yet evaluated; resume with start = the next row. CSV (Accept:
    text/csv, or format=csv) gives one row per line under a header, in these columns: row (0-based
    position of the row in the upload); status (200 evaluated, 422 failed validation);
    overall_recommendation (proceed, proceed_with_changes or do_not_leverage); decision_clause (the
    decision table's clause that matched); leverage_strength (score 0-100, higher is better);
    relationship_risk (score 0-100, higher is worse); readiness (score 0-100, higher is better);
    suggested_low (the suggested range's low end (the target)); suggested_high (the suggested range's
    high end); currency (the suggested range's currency); blockers (ids of the blockers that fired,
    separated by ';'); warnings (ids of the warnings that fired, high to low, separated by ';');
    recommendations (ids of the recommendations that fired, separated by ';'); data_notices (ids of the
    data notices, separated by ';'); ruleset (name@version of the rules applied); ruleset_revision
    (SHA-256 of the rule bundle); problem (422 rows: each issue as CODE at /path, separated by '; ').
    Text cells that a spreadsheet would run as a formula start with '.

    Args:
        batch_id (str):
        start (int | Unset):  Default: 0.
        format_ (GetBatchResultsFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        batch_id=batch_id,
start=start,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    batch_id: str,
    *,
    client: AuthenticatedClient,
    start: int | Unset = 0,
    format_: GetBatchResultsFormat | Unset = UNSET,

) -> Problem | str | None:
    """ Results of a batch, as JSON Lines (or CSV) in input order

     Each line is a ResultLine: the row, 200 with its evaluation or 422 with its problem. The stream
    stops before the first row not yet evaluated; resume with start = the next row. CSV (Accept:
    text/csv, or format=csv) gives one row per line under a header, in these columns: row (0-based
    position of the row in the upload); status (200 evaluated, 422 failed validation);
    overall_recommendation (proceed, proceed_with_changes or do_not_leverage); decision_clause (the
    decision table's clause that matched); leverage_strength (score 0-100, higher is better);
    relationship_risk (score 0-100, higher is worse); readiness (score 0-100, higher is better);
    suggested_low (the suggested range's low end (the target)); suggested_high (the suggested range's
    high end); currency (the suggested range's currency); blockers (ids of the blockers that fired,
    separated by ';'); warnings (ids of the warnings that fired, high to low, separated by ';');
    recommendations (ids of the recommendations that fired, separated by ';'); data_notices (ids of the
    data notices, separated by ';'); ruleset (name@version of the rules applied); ruleset_revision
    (SHA-256 of the rule bundle); problem (422 rows: each issue as CODE at /path, separated by '; ').
    Text cells that a spreadsheet would run as a formula start with '.

    Args:
        batch_id (str):
        start (int | Unset):  Default: 0.
        format_ (GetBatchResultsFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return sync_detailed(
        batch_id=batch_id,
client=client,
start=start,
format_=format_,

    ).parsed

async def asyncio_detailed(
    batch_id: str,
    *,
    client: AuthenticatedClient,
    start: int | Unset = 0,
    format_: GetBatchResultsFormat | Unset = UNSET,

) -> Response[Problem | str]:
    """ Results of a batch, as JSON Lines (or CSV) in input order

     Each line is a ResultLine: the row, 200 with its evaluation or 422 with its problem. The stream
    stops before the first row not yet evaluated; resume with start = the next row. CSV (Accept:
    text/csv, or format=csv) gives one row per line under a header, in these columns: row (0-based
    position of the row in the upload); status (200 evaluated, 422 failed validation);
    overall_recommendation (proceed, proceed_with_changes or do_not_leverage); decision_clause (the
    decision table's clause that matched); leverage_strength (score 0-100, higher is better);
    relationship_risk (score 0-100, higher is worse); readiness (score 0-100, higher is better);
    suggested_low (the suggested range's low end (the target)); suggested_high (the suggested range's
    high end); currency (the suggested range's currency); blockers (ids of the blockers that fired,
    separated by ';'); warnings (ids of the warnings that fired, high to low, separated by ';');
    recommendations (ids of the recommendations that fired, separated by ';'); data_notices (ids of the
    data notices, separated by ';'); ruleset (name@version of the rules applied); ruleset_revision
    (SHA-256 of the rule bundle); problem (422 rows: each issue as CODE at /path, separated by '; ').
    Text cells that a spreadsheet would run as a formula start with '.

    Args:
        batch_id (str):
        start (int | Unset):  Default: 0.
        format_ (GetBatchResultsFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        batch_id=batch_id,
start=start,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    batch_id: str,
    *,
    client: AuthenticatedClient,
    start: int | Unset = 0,
    format_: GetBatchResultsFormat | Unset = UNSET,

) -> Problem | str | None:
    """ Results of a batch, as JSON Lines (or CSV) in input order

     Each line is a ResultLine: the row, 200 with its evaluation or 422 with its problem. The stream
    stops before the first row not yet evaluated; resume with start = the next row. CSV (Accept:
    text/csv, or format=csv) gives one row per line under a header, in these columns: row (0-based
    position of the row in the upload); status (200 evaluated, 422 failed validation);
    overall_recommendation (proceed, proceed_with_changes or do_not_leverage); decision_clause (the
    decision table's clause that matched); leverage_strength (score 0-100, higher is better);
    relationship_risk (score 0-100, higher is worse); readiness (score 0-100, higher is better);
    suggested_low (the suggested range's low end (the target)); suggested_high (the suggested range's
    high end); currency (the suggested range's currency); blockers (ids of the blockers that fired,
    separated by ';'); warnings (ids of the warnings that fired, high to low, separated by ';');
    recommendations (ids of the recommendations that fired, separated by ';'); data_notices (ids of the
    data notices, separated by ';'); ruleset (name@version of the rules applied); ruleset_revision
    (SHA-256 of the rule bundle); problem (422 rows: each issue as CODE at /path, separated by '; ').
    Text cells that a spreadsheet would run as a formula start with '.

    Args:
        batch_id (str):
        start (int | Unset):  Default: 0.
        format_ (GetBatchResultsFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return (await asyncio_detailed(
        batch_id=batch_id,
client=client,
start=start,
format_=format_,

    )).parsed
