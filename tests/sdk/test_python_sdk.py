"""The generated Python client (clients/python) against a running batna."""

from __future__ import annotations

import json
import uuid
from typing import Any

from batna_client import AuthenticatedClient
from batna_client.api.evaluations import (
    evaluate_batch,
    evaluate_situation,
    get_evaluation,
    list_evaluations,
)
from batna_client.models import BatchRequest, Evaluation, EvaluationRecord, Problem, Situation

from tests.conftest import CASES, new_key


def _situation(case: str, **person: Any) -> Situation:
    payload = json.loads((CASES / f"{case}.json").read_text())["payload"]
    payload["person"].update(person)
    return Situation.from_dict(payload)


def _client(base: str, key: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base, token=key, raise_on_unexpected_status=True)


def test_evaluate_read_back_and_batch(live_server: str, api_key: str) -> None:
    with _client(live_server, api_key) as client:
        _evaluate_read_back_and_batch(client)


def _evaluate_read_back_and_batch(client: AuthenticatedClient) -> None:
    answered = evaluate_situation.sync(client=client, body=_situation("TC-04"))
    assert isinstance(answered, Evaluation)
    assert answered.overall_recommendation.value == "proceed"
    assert answered.decision.clause.value == "strong_position"
    assert answered.decision.reasons
    record = get_evaluation.sync(answered.id, client=client)
    assert isinstance(record, EvaluationRecord)
    assert record.evaluation.id == answered.id
    assert record.ruleset.revision == answered.ruleset.revision
    batch = evaluate_batch.sync(
        client=client,
        body=BatchRequest.from_dict(
            {"situations": [_situation("TC-04").to_dict(), {"schema_version": "1.0"}]}
        ),
    )
    assert [item.status for item in batch.results] == [200, 422]


def test_pages_through_the_list(live_server: str, database_url: str) -> None:
    key = new_key(database_url, f"sdk-{uuid.uuid4().hex[:8]}")
    with _client(live_server, key) as client:
        _pages(client)


def _pages(client: AuthenticatedClient) -> None:
    made = [evaluate_situation.sync(client=client, body=_situation("TC-01")).id for _ in range(3)]
    seen: list[str] = []
    cursor = None
    while True:
        page = list_evaluations.sync(client=client, limit=2, cursor=cursor or None)
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == made[::-1]


def test_an_invalid_situation_is_a_typed_problem(live_server: str, api_key: str) -> None:
    with _client(live_server, api_key) as client:
        response = evaluate_situation.sync_detailed(
            client=client, body=_situation("TC-04", current_base_salary=0)
        )
    assert response.status_code == 422
    problem = response.parsed
    assert isinstance(problem, Problem)
    assert "AMOUNT_NOT_POSITIVE" in [issue.code for issue in problem.details]


def test_a_bad_key_is_a_401_problem(live_server: str) -> None:
    with _client(live_server, "batna_0000000000000000_wrong") as client:
        response = evaluate_situation.sync_detailed(client=client, body=_situation("TC-04"))
    assert response.status_code == 401
    assert isinstance(response.parsed, Problem)
    assert response.parsed.error == "UNAUTHORIZED"
