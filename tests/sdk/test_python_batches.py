"""The Python SDK's batch helpers (batna_client.batches) end to end against the live server."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from batna_client.batches import ProblemError, download_results, run_batch, upload_batch
from batna_client.retry import connect

from tests.conftest import CASES
from tests.sdk.flaky import FlakyProxy


def _payload(case: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((CASES / f"{case}.json").read_text())["payload"]
    return payload


def test_upload_wait_and_read_a_batch(live_server: str, api_key: str, tmp_path: Path) -> None:
    rows = [_payload("TC-04"), _payload("TC-01"), {"schema_version": "1.0"}]
    with connect(live_server, api_key) as client:
        status, lines = run_batch(client, rows, poll=0.2, timeout=120)
        saved = download_results(client, status.id, tmp_path / "results.jsonl")
    assert status.status.value == "done"
    assert status.counts.total == 3
    assert [(line.row, line.status) for line in lines] == [(0, 200), (1, 200), (2, 422)]
    assert lines[0].evaluation is not None
    assert lines[0].evaluation.overall_recommendation.value == "proceed"
    assert [json.loads(text)["row"] for text in saved.read_text().splitlines()] == [0, 1, 2]


def test_a_jsonl_file_uploads_by_its_suffix(live_server: str, api_key: str, tmp_path: Path) -> None:
    source = tmp_path / "offers.jsonl"
    source.write_text(json.dumps(_payload("TC-04")) + "\n")
    with connect(live_server, api_key) as client:
        status, lines = run_batch(client, source, poll=0.2, timeout=120)
    assert status.counts.total == 1
    assert [line.status for line in lines] == [200]


def test_every_upload_carries_an_idempotency_key(live_server: str, api_key: str) -> None:
    with FlakyProxy(live_server) as proxy, connect(proxy.base, api_key) as client:
        upload_batch(client, [_payload("TC-04")])
        given = f"upload-{uuid.uuid4()}"
        upload_batch(client, [_payload("TC-04")], idempotency_key=given)
    first, second = (seen.idempotency_key for seen in proxy.seen)
    assert first is not None
    assert uuid.UUID(first).version == 4
    assert second == given


def test_a_refused_upload_is_a_problem(live_server: str, api_key: str) -> None:
    with connect(live_server, api_key) as client, pytest.raises(ProblemError) as refused:
        upload_batch(client, b"a,b\n1,2\n", media_type="application/pdf")
    assert refused.value.status == 415
    assert refused.value.problem is not None
    assert refused.value.problem.status == 415
