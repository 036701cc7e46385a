"""The contract's own claims: its examples, headers and 500 problems are what the server does.

Examples are computed from the golden cases when the document is built; these tests hold
them to their schemas, to the engine and to the live server. Headers are checked over
real HTTP against what each response declares, and a 500's ``instance`` is its request id.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import jsonschema_rs
import msgspec
import pytest
from litestar import Litestar

from batna.api.examples import EXAMPLE_ID, INVALID, SITUATIONS
from batna.engine import Engine
from batna.errors import BatnaError
from batna.problems import problem_for
from batna.schemas.jsonout import ENCODER
from tests.conftest import CASES, new_key, sql

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def document(app: Litestar) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(app.state.openapi)
    return found


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> jsonschema_rs.Validator:
    schemas = json.dumps(document["components"]["schemas"]).replace(
        "#/components/schemas/", "#/$defs/"
    )
    target = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
    return jsonschema_rs.validator_for({**json.loads(target), "$defs": json.loads(schemas)})


def _media_with_examples(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, r) for status, r in operation["responses"].items()]
            for where, body in bodies:
                for media_type, media in body.get("content", {}).items():
                    if "examples" in media:
                        found.append((f"{method} {path} {where} {media_type}", media))
    return found


def _json(value: object) -> Any:
    return json.loads(ENCODER.encode(value))


def test_every_example_validates_against_its_own_schema(document: dict[str, Any]) -> None:
    media = _media_with_examples(document)
    shown = {where.split()[2] for where, _ in media}
    assert {"request", "201", "200", "400", "401", "404", "422", "429", "500", "503"} <= shown
    for where, content in media:
        validator = _validator(document, content["schema"])
        for name, example in content["examples"].items():
            errors = [e.message for e in validator.iter_errors(example["value"])]
            assert errors == [], f"{where} example {name}: {errors}"


def test_examples_are_the_golden_cases_and_what_the_engine_returns(
    document: dict[str, Any], engine: Engine
) -> None:
    operation = document["paths"]["/v1/evaluations"]["post"]
    requests = operation["requestBody"]["content"]["application/json"]["examples"]
    responses = operation["responses"]["201"]["content"]["application/json"]["examples"]
    assert set(requests) == set(responses) == set(SITUATIONS)
    for case, example in requests.items():
        payload = json.loads((CASES / f"{case}.json").read_text())["payload"]
        assert example["value"] == payload
        evaluation = engine.evaluate(engine.decode(json.dumps(payload)))
        stored = msgspec.structs.replace(evaluation, id=EXAMPLE_ID)
        assert responses[case]["value"] == _json(stored), case
    invalid = json.loads((CASES / f"{INVALID[0]}.json").read_text())["payload"]
    with pytest.raises(BatnaError) as refused:
        engine.decode(json.dumps(invalid))
    problems = operation["responses"]["422"]["content"][PROBLEM]["examples"]
    assert problems["validation-failed"]["value"] == _json(problem_for(refused.value))


def test_the_examples_are_what_the_server_answers(
    document: dict[str, Any], live_server: str, auth: dict[str, str]
) -> None:
    operation = document["paths"]["/v1/evaluations"]["post"]
    requests = operation["requestBody"]["content"]["application/json"]["examples"]
    responses = operation["responses"]["201"]["content"]["application/json"]["examples"]
    for case, example in requests.items():
        answer = httpx.post(f"{live_server}/v1/evaluations", json=example["value"], headers=auth)
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert body.pop("id") != EXAMPLE_ID
        expected = dict(responses[case]["value"])
        del expected["id"]
        assert json.loads(json.dumps(body), parse_float=Decimal) == json.loads(
            json.dumps(expected), parse_float=Decimal
        ), case
    invalid = json.loads((CASES / f"{INVALID[0]}.json").read_text())["payload"]
    answer = httpx.post(f"{live_server}/v1/evaluations", json=invalid, headers=auth)
    problems = operation["responses"]["422"]["content"][PROBLEM]["examples"]
    assert answer.status_code == 422
    assert answer.json() == problems["validation-failed"]["value"]


def test_problem_codes_are_enumerated(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]["properties"]
    assert {"VALIDATION_FAILED", "RATE_LIMITED", "INTERNAL", "NOT_FOUND"} <= set(
        problem["error"]["enum"]
    )
    assert "https://batna.dev/problems/validation-failed" in problem["type"]["enum"]


def test_info_servers_contact_license(document: dict[str, Any]) -> None:
    assert document["info"]["license"] == {"name": "Proprietary"}  # pyproject's license
    assert document["info"]["contact"]["url"].startswith("https://")
    assert document["servers"][0]["url"] == "/"


def _declared(document: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path][method]["responses"][str(status)]["headers"]
    return found


def _check_headers(
    document: dict[str, Any], path: str, method: str, response: httpx.Response
) -> None:
    """Every required header is sent, and every header sent that the contract names fits."""
    declared = _declared(document, path, method, response.status_code)
    for name, header in declared.items():
        value = response.headers.get(name)
        if header.get("required"):
            assert value is not None, f"{response.status_code} {path}: {name} missing"
        if value is None:
            continue
        schema = header["schema"]
        parsed: Any = int(value) if schema["type"] == "integer" else value
        assert jsonschema_rs.validator_for(schema).is_valid(parsed), (name, value)


def test_headers_sent_are_the_headers_declared(
    document: dict[str, Any], live_server: str, auth: dict[str, str]
) -> None:
    situation = json.loads((CASES / "TC-04.json").read_text())["payload"]
    keyed = {**auth, "Idempotency-Key": "contract-headers-1", "X-Request-ID": "contract-1"}
    created = httpx.post(f"{live_server}/v1/evaluations", json=situation, headers=keyed)
    replayed = httpx.post(f"{live_server}/v1/evaluations", json=situation, headers=keyed)
    assert created.status_code == replayed.status_code == 201
    assert created.headers["x-request-id"] == "contract-1"
    assert replayed.headers["idempotent-replayed"] == "true"
    invalid = httpx.post(f"{live_server}/v1/evaluations", json={}, headers=auth)
    wrong_type = httpx.post(f"{live_server}/v1/evaluations", content=b"x", headers=auth)
    no_key = httpx.post(f"{live_server}/v1/evaluations", json=situation)
    assert (invalid.status_code, wrong_type.status_code, no_key.status_code) == (422, 415, 401)
    for response in (created, replayed, invalid, wrong_type, no_key):
        _check_headers(document, "/v1/evaluations", "post", response)
    # Problems after the key was checked say where its bucket stands, as 2xx answers do.
    for response in (invalid, wrong_type):
        assert {"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"} <= set(
            response.headers
        )
    # A 401 counts against the address's failed-login bucket, and says so.
    assert "ratelimit-remaining" in no_key.headers
    missing = httpx.get(f"{live_server}/v1/evaluations/{EXAMPLE_ID}", headers=auth)
    assert missing.status_code == 404
    _check_headers(document, "/v1/evaluations/{evaluation_id}", "get", missing)
    health = httpx.get(f"{live_server}/healthz")
    _check_headers(document, "/healthz", "get", health)


def test_a_500_problem_names_the_request_id_over_real_http(
    live_server: str, database_url: str
) -> None:
    # A stored record the server cannot read (a corrupted row): a real failure, over a
    # real server, that no handler expects. Its own tenant, so no listing meets the row.
    auth = {"Authorization": f"Bearer {new_key(database_url, 'tests-corrupted-row')}"}
    situation = json.loads((CASES / "TC-04.json").read_text())["payload"]
    created = httpx.post(f"{live_server}/v1/evaluations", json=situation, headers=auth)
    record = created.json()["id"]
    sql(database_url, "UPDATE evaluations SET evaluation = '{' WHERE id = :id", id=record)
    url = f"{live_server}/v1/evaluations/{record}"
    given = httpx.get(url, headers={**auth, "X-Request-ID": "support-ticket-42"})
    assigned = httpx.get(url, headers=auth)
    for response in (given, assigned):
        assert response.status_code == 500
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["error"] == "INTERNAL"
        assert body["instance"] == response.headers["x-request-id"]
        assert "Traceback" not in response.text
    assert given.json()["instance"] == "support-ticket-42"
    assert len(assigned.json()["instance"]) == 32  # the id the server made, uuid4().hex
