"""The HTTP API: cases over HTTP equal the CLI, problems everywhere, limits enforced."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api import create_app
from batna.engine import Engine, Rulesets
from tests.conftest import CASES, ROOT, RULES
from tests.contract.conftest import settings_for

CASE_FILES = sorted(CASES.glob("*.json"))
PROBLEM = "application/problem+json"


def _payload(path: Path) -> Any:
    return json.loads(path.read_text())["payload"]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_over_real_http_equals_cli(
    live_server: str, auth: dict[str, str], path: Path, tmp_path: Path
) -> None:
    case = json.loads(path.read_text(), parse_float=Decimal)
    expected = case["expected"]
    response = httpx.post(f"{live_server}/v1/evaluations", json=_payload(path), headers=auth)
    # The cases say 200 (evaluated); the API answers 201 because it also stores the record.
    assert response.status_code == {200: 201}.get(expected["http_status"], expected["http_status"])
    source = tmp_path / "s.json"
    source.write_text(json.dumps(_payload(path)))
    cli = subprocess.run(
        [sys.executable, "-m", "batna.cli", "--rules", str(RULES), "evaluate", str(source)],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    body = response.json()
    if expected["http_status"] == 422:
        assert response.headers["content-type"] == PROBLEM
        assert cli.returncode == 2
        want = sorted((e["code"], e["path"]) for e in expected["errors"])
        assert sorted((d["code"], d["path"]) for d in body["details"]) == want
        assert json.loads(cli.stdout) == body
    else:
        assert cli.returncode == 0
        assert response.headers["location"] == f"/v1/evaluations/{body.pop('id')}"
        assert body == json.loads(cli.stdout)
        assert {r["id"] for r in body["fired_rules"]} == set(expected["fired_exactly"])
        assert body["scores"] == expected["scores"]
        assert body["overall_recommendation"] == expected["overall_recommendation"]


def test_batch_keeps_order_and_isolates_bad_items(client: TestClient[Litestar]) -> None:
    good = [
        _payload(p)
        for p in CASE_FILES
        if json.loads(p.read_text())["expected"]["http_status"] == 200
    ]
    items = [good[0], {"schema_version": "9"}, good[1], "not an object"]
    response = client.post("/v1/evaluations:batch", json={"situations": items})
    assert response.status_code == 200
    body = response.json()
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert [r["status"] for r in body["results"]] == [200, 422, 200, 422]
    assert (body["evaluated"], body["rejected"]) == (2, 2)
    single = client.post("/v1/evaluations", json=good[1]).json()
    del single["id"]
    assert body["results"][2]["evaluation"] == single
    codes = {d["code"] for d in body["results"][1]["problem"]["details"]}
    assert "UNSUPPORTED_SCHEMA_VERSION" in codes
    # An item's problem is the document a single request gets for the same situation.
    alone = client.post("/v1/evaluations", json={"schema_version": "9"}).json()
    assert body["results"][1]["problem"] == {k: alone[k] for k in body["results"][1]["problem"]}
    assert set(body["results"][1]["problem"]) == {
        "type",
        "title",
        "status",
        "error",
        "detail",
        "details",
    }


def test_batch_over_the_item_limit_is_413(client: TestClient[Litestar]) -> None:
    response = client.post("/v1/evaluations:batch", json={"situations": [{}] * 1001})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert "1001" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        (
            "POST",
            "/v1/evaluations",
            {"content": b'{"schema_version": ', "headers": {"content-type": "application/json"}},
            400,
        ),
        (
            "POST",
            "/v1/evaluations",
            {"content": b"x=1", "headers": {"content-type": "application/x-www-form-urlencoded"}},
            415,
        ),
        ("POST", "/v1/evaluations", {"json": {"schema_version": "1.0"}}, 422),
        ("GET", "/v1/nowhere", {}, 404),
        ("PUT", "/v1/evaluations", {}, 405),
        ("GET", "/v1/evaluations?limit=0", {}, 422),
        ("GET", "/v1/evaluations?created_after=yesterday", {}, 422),
        ("GET", "/v1/evaluations/01a206d7-f33d-7000-8c33-ab38b57d882d", {}, 404),
        ("DELETE", "/v1/evaluations/not-an-id", {}, 404),
        ("POST", "/v1/evaluations?store_situation=maybe", {"json": {}}, 422),
        ("POST", "/v1/evaluations", {"json": {}, "headers": {"Idempotency-Key": "a b"}}, 422),
        ("GET", "/v1/rulesets/nope", {}, 404),
        ("POST", "/v1/evaluations:batch", {"json": {"situations": []}}, 422),
        ("POST", "/v1/evaluations:batch", {"json": [1]}, 422),
    ],
)
def test_errors_are_problems(
    client: TestClient[Litestar], method: str, url: str, kwargs: dict[str, Any], status: int
) -> None:
    response = client.request(method, url, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert "Traceback" not in response.text


def test_validation_problem_lists_every_field(client: TestClient[Litestar]) -> None:
    payload = _payload(CASES / "TC-04.json")
    payload["person"]["current_base_salary"] = 0
    payload["ask"]["framing"] = "threat"
    payload["extra"] = 1
    body = client.post("/v1/evaluations", json=payload).json()
    assert body["error"] == "VALIDATION_FAILED"
    assert [(d["code"], d["path"]) for d in body["details"]] == [
        ("INVALID_ENUM", "/ask/framing"),
        ("UNKNOWN_FIELD", "/extra"),
        ("AMOUNT_NOT_POSITIVE", "/person/current_base_salary"),
    ]


def test_body_over_the_limit_is_413_over_real_http(live_server: str, auth: dict[str, str]) -> None:
    payload = _payload(CASES / "TC-04.json")
    payload["person"]["role_title"] = "x" * (1 << 20)
    response = httpx.post(f"{live_server}/v1/evaluations", json=payload, headers=auth)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


def test_chunked_body_over_the_limit_is_413_over_real_http(
    live_server: str, auth: dict[str, str]
) -> None:
    def chunks() -> Any:
        yield b'{"schema_version": "1.0", "person": {"role_title": "'
        for _ in range(80):
            yield b"x" * 16384
        yield b'"}}'

    response = httpx.post(
        f"{live_server}/v1/evaluations",
        content=chunks(),
        headers={"content-type": "application/json", **auth},
    )
    assert response.status_code == 413


def test_rulesets(client: TestClient[Litestar]) -> None:
    listing = client.get("/v1/rulesets").json()
    assert [r["name"] for r in listing["rulesets"]] == ["negotiation"]
    assert listing["rulesets"][0]["rule_count"] == 53
    detail = client.get("/v1/rulesets/negotiation").json()
    walk = {r["id"]: r for r in detail["rules"]}["WALK-001"]
    assert walk["kind"] == "blocker"
    assert walk["sources"][0]["citation"]
    assert walk["rationale"]
    assert "all" in walk["conditions"] or "fact" in walk["conditions"]


def test_health_and_docs(client: TestClient[Litestar]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert len(ready["revision"]) == 64
    page = client.get("/docs")
    assert page.status_code == 200
    assert "swagger-ui-bundle.js" in page.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["version"] == "1.0.0"


def test_committed_openapi_matches_live(client: TestClient[Litestar]) -> None:
    committed = (ROOT / "openapi" / "v1.json").read_bytes()
    assert client.get("/openapi.json").content == committed


def test_an_unexpected_error_is_a_500_problem_with_an_id_and_no_trace(
    engine: Engine, database_url: str
) -> None:
    from litestar import get

    app = create_app(settings_for(database_url), Rulesets(engine))

    @get("/test-only/boom", sync_to_thread=False)
    def boom() -> None:
        msg = "a bug with a secret path /etc/batna"
        raise RuntimeError(msg)

    app.register(boom)
    with TestClient(app) as client:
        response = client.get("/test-only/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["instance"] == response.headers["x-request-id"]  # the id to quote to support
    assert "secret" not in response.text
    assert "Traceback" not in response.text


def test_what_if_over_http(client: TestClient[Litestar]) -> None:
    payload = _payload(CASES / "TC-03.json")
    body = client.post("/v1/evaluations:what-if", json=payload).json()
    assert body["evaluation"]["overall_recommendation"] == "do_not_leverage"
    first = body["suggestions"][0]
    assert first["overall_after"] == "proceed_with_changes"
    assert {m["id"] for m in first["moves"]} <= {
        "framing:question",
        "framing:collaborative",
        "disclosure:none",
    }
    capped = client.post("/v1/evaluations:what-if?cap=3", json=payload).json()
    assert (capped["evaluations_used"], capped["truncated"]) == (3, True)


def test_every_v1_route_needs_a_key(client: TestClient[Litestar]) -> None:
    routes = [
        ("POST", "/v1/evaluations"),
        ("POST", "/v1/evaluations:batch"),
        ("POST", "/v1/evaluations:what-if"),
        ("GET", "/v1/evaluations"),
        ("GET", "/v1/evaluations/01a206d7-f33d-7000-8c33-ab38b57d882d"),
        ("DELETE", "/v1/evaluations/01a206d7-f33d-7000-8c33-ab38b57d882d"),
        ("GET", "/v1/rulesets"),
        ("GET", "/v1/rulesets/negotiation"),
    ]
    wrong = [
        {"Authorization": ""},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer batna_00_nope"},
        {"Authorization": "Bearer " + "x" * 300},
    ]
    for method, url in routes:
        for headers in wrong:
            response = client.request(method, url, headers=headers, json={})
            assert response.status_code == 401, (method, url, headers)
            assert response.headers["content-type"] == PROBLEM
            assert response.headers["www-authenticate"].startswith("Bearer")
    for open_url in ("/healthz", "/readyz", "/openapi.json", "/docs"):
        assert client.get(open_url, headers={"Authorization": ""}).status_code == 200


def test_hint_on_request(client: TestClient[Litestar]) -> None:
    payload = _payload(CASES / "TC-01.json")
    plain = client.post("/v1/evaluations", json=payload).json()
    assert "hint" not in plain
    hinted = client.post("/v1/evaluations?hint=true", json=payload).json()
    assert hinted["hint"]["blockers_removed"] == ["WALK-001"]
    assert hinted["id"] != plain["id"]
    assert {k: v for k, v in hinted.items() if k not in ("hint", "id")} == {
        k: v for k, v in plain.items() if k != "id"
    }
