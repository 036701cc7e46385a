"""Operators' view: /metrics counts requests and evaluations; logs are JSON with request ids."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api.telemetry import configure_logging
from tests.conftest import CASES


def _payload(case: str) -> Any:
    return json.loads((CASES / f"{case}.json").read_text())["payload"]


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        found = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line) or re.fullmatch(
            rf"{name} (\S+)", line
        )
        if found is None:
            continue
        if found.re.groups == 1 and not labels:
            return float(found.group(1))
        if found.re.groups == 2:
            have = ",".join(sorted(found.group(1).split(",")))
            if have == wanted:
                return float(found.group(2))
    return 0.0


def test_a_request_shows_up_in_metrics_with_its_labels(client: TestClient[Litestar]) -> None:
    before = client.get("/metrics").text
    created = client.post("/v1/evaluations", json=_payload("TC-01"))
    assert created.status_code == 201
    fired = [rule["id"] for rule in created.json()["fired_rules"]]
    client.get("/v1/nowhere")
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text

    def grew(name: str, **labels: str) -> float:
        return _sample(text, name, **labels) - _sample(before, name, **labels)

    route = {"method": "POST", "route": "/v1/evaluations", "status": "201"}
    assert grew("batna_http_requests_total", **route) == 1
    assert grew("batna_http_request_duration_seconds_count", **route) == 1
    assert grew("batna_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert grew("batna_evaluations_total", recommendation="do_not_leverage") == 1
    for rule in fired:
        assert grew("batna_rules_fired_total", rule=rule) == 1
    assert grew("batna_engine_evaluation_seconds_count") == 1


def test_batch_rows_are_counted(client: TestClient[Litestar]) -> None:
    before = client.get("/metrics").text
    items = [_payload("TC-04"), {"schema_version": "9"}]
    assert client.post("/v1/evaluations:batch", json={"situations": items}).status_code == 200
    text = client.get("/metrics").text
    for outcome in ("evaluated", "rejected"):
        grown = _sample(text, "batna_batch_rows_total", outcome=outcome) - _sample(
            before, "batna_batch_rows_total", outcome=outcome
        )
        assert grown == 1


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    configure_logging("info", stream)
    try:
        yield stream
    finally:
        root.handlers[:], root.level = saved


def test_log_lines_carry_the_request_id_and_no_salary(
    client: TestClient[Litestar], log_lines: io.StringIO
) -> None:
    payload = _payload("TC-04")
    salary = str(payload["person"]["current_base_salary"])
    response = client.post("/v1/evaluations", json=payload, headers={"X-Request-ID": "hris-req-42"})
    assert response.status_code == 201
    assert response.headers["x-request-id"] == "hris-req-42"
    bad = client.post("/v1/evaluations", json={**payload, "ask": {"framing": "threat"}})
    assert bad.status_code == 422
    generated = bad.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    spoofed = client.get("/healthz", headers={"X-Request-ID": "bad id\n{json}"})
    assert spoofed.headers["x-request-id"] != "bad id\n{json}"

    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    mine = [line for line in lines if line["request_id"] == "hris-req-42"]
    assert mine, lines
    access = next(line for line in mine if line["logger"] == "batna.access")
    assert (access["method"], access["route"], access["status"]) == (
        "POST",
        "/v1/evaluations",
        201,
    )
    assert access["duration_ms"] > 0
    assert any(line["request_id"] == generated and line["status"] == 422 for line in lines)
    text = log_lines.getvalue()
    for secret in (salary, payload["person"]["role_title"], "woman", "current_base_salary"):
        assert secret not in text, secret
