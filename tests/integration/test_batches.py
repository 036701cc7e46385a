"""Batch jobs through the API on this run's database, checked against ``batna batch``."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api import create_app
from batna.engine import Engine, Rulesets
from tests.conftest import CASES, ROOT, new_key
from tests.contract.conftest import settings_for
from tests.servers import batna_batch

PROBLEM = "application/problem+json"
JSONL = {"content-type": "application/x-ndjson"}


def _payloads() -> list[Any]:
    return [json.loads(p.read_text())["payload"] for p in sorted(CASES.glob("*.json"))]


def _jsonl(rows: list[Any]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def _rows(count: int) -> list[Any]:
    cases = _payloads()
    return [cases[i % len(cases)] for i in range(count)]


@pytest.fixture
def tenant(database_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_key(database_url, f'b-{uuid.uuid4().hex[:12]}')}"}


def _wait_done(client: TestClient[Litestar], location: str, headers: dict[str, str]) -> Any:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(location, headers=headers).json()
        if status["status"] == "done":
            return status
        time.sleep(0.1)
    pytest.fail(f"batch not done: {status}")


def _local(tmp_path: Path, data: bytes, suffix: str = ".jsonl") -> list[bytes]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"in{suffix}"
    source.write_bytes(data)
    out = tmp_path / "out.jsonl"
    batna_batch(source, out, "--processes", "2")
    return out.read_bytes().splitlines()


def test_a_batch_is_validated_stored_evaluated_and_equals_the_local_command(
    client: TestClient[Litestar], tenant: dict[str, str], tmp_path: Path
) -> None:
    rows = _rows(1234)
    data = _jsonl(rows[:700]) + b"{not json\n\n" + _jsonl(rows[700:])
    created = client.post("/v1/batches", content=data, headers={**tenant, **JSONL})
    assert created.status_code == 202
    location = created.headers["location"]
    assert created.json()["counts"]["total"] == 1235
    status = _wait_done(client, location, tenant)
    invalid = sum(
        1
        for p in CASES.glob("*.json")
        if json.loads(p.read_text())["expected"]["http_status"] == 422
    )
    assert status["counts"]["failed"] > 0
    assert status["counts"]["done"] + status["counts"]["failed"] == 1235
    assert status["progress"] == 1.0
    assert invalid  # some seed cases are invalid on purpose: they must come back as 422 rows
    streamed = client.get(f"{location}/results", headers=tenant)
    assert streamed.headers["content-type"].startswith("application/x-ndjson")
    lines = streamed.content.splitlines()
    assert [json.loads(line)["row"] for line in lines] == list(range(1235))
    assert json.loads(lines[700])["problem"]["details"][0]["code"] == "MALFORMED_JSON"
    assert lines == _local(tmp_path, data)
    resumed = client.get(f"{location}/results?start=1200", headers=tenant).content.splitlines()
    assert resumed == lines[1200:]


def test_csv_rows_use_dotted_paths(
    client: TestClient[Litestar], tenant: dict[str, str], tmp_path: Path
) -> None:
    case = json.loads((CASES / "TC-04.json").read_text())["payload"]
    flat: dict[str, Any] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[prefix + key] = ";".join(value) if isinstance(value, list) else value

    walk(case, "")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(flat))
    writer.writeheader()
    writer.writerow({k: str(v).lower() if isinstance(v, bool) else v for k, v in flat.items()})
    writer.writerow({**flat, "person.current_base_salary": "lots"})
    data = buffer.getvalue().encode()
    created = client.post(
        "/v1/batches", content=data, headers={**tenant, "content-type": "text/csv"}
    )
    assert created.status_code == 202, created.text
    _wait_done(client, created.headers["location"], tenant)
    lines = [
        json.loads(line)
        for line in client.get(
            f"{created.headers['location']}/results", headers=tenant
        ).content.splitlines()
    ]
    direct = client.post("/v1/evaluations", json=case, headers=tenant).json()
    del direct["id"]
    assert lines[0]["evaluation"] == direct
    assert lines[1]["status"] == 422
    assert [d["path"] for d in lines[1]["problem"]["details"]] == ["/person/current_base_salary"]
    assert (
        _local(tmp_path, data, ".csv")
        == client.get(f"{created.headers['location']}/results", headers=tenant).content.splitlines()
    )

    unknown = client.post(
        "/v1/batches",
        content=b"person.salary,ask.framing\n1,question\n",
        headers={**tenant, "content-type": "text/csv"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["details"][0]["code"] == "UNKNOWN_COLUMN"
    assert client.get("/v1/batches/" + str(uuid.uuid4()), headers=tenant).status_code == 404


def test_batches_are_tenant_scoped_and_erasable(
    client: TestClient[Litestar], tenant: dict[str, str], database_url: str
) -> None:
    other = {"Authorization": f"Bearer {new_key(database_url, f'x-{uuid.uuid4().hex[:12]}')}"}
    created = client.post("/v1/batches", content=_jsonl(_rows(20)), headers={**tenant, **JSONL})
    location = created.headers["location"]
    _wait_done(client, location, tenant)
    for suffix in ("", "/results", "/report"):
        assert client.get(location + suffix, headers=other).status_code == 404
    assert client.delete(location, headers=other).status_code == 404
    assert client.get(location, headers=tenant).status_code == 200
    assert client.delete(location, headers=tenant).status_code == 204
    for suffix in ("", "/results", "/report"):
        assert client.get(location + suffix, headers=tenant).status_code == 404


def test_upload_limits_and_types(engine: Engine, database_url: str, tenant: dict[str, str]) -> None:
    app = create_app(
        settings_for(database_url, BATNA_BATCH_MAX_ROWS="10", BATNA_BATCH_MAX_BYTES="20000"),
        Rulesets(engine),
    )
    with TestClient(app) as client:
        too_many = client.post(
            "/v1/batches", content=_jsonl(_rows(11)), headers={**tenant, **JSONL}
        )
        assert too_many.status_code == 413
        assert too_many.headers["content-type"] == PROBLEM
        too_big = client.post("/v1/batches", content=b" " * 20001, headers={**tenant, **JSONL})
        assert too_big.status_code == 413
        wrong = client.post(
            "/v1/batches", content=b"{}", headers={**tenant, "content-type": "application/json"}
        )
        assert wrong.status_code == 415
        # Bad UTF-8 fails its own row (as in `batna batch`), not the upload.
        latin = client.post("/v1/batches", content=b"\xff\xfe{}\n", headers={**tenant, **JSONL})
        assert latin.status_code == 202
        assert latin.json()["counts"]["failed"] == 1
        # Nothing of a refused upload is kept.
        assert client.get("/v1/batches/none", headers=tenant).status_code == 404


def test_the_report_page(client: TestClient[Litestar], tenant: dict[str, str]) -> None:
    created = client.post(
        "/v1/batches", content=_jsonl(_rows(64)) + b"[]\n", headers={**tenant, **JSONL}
    )
    location = created.headers["location"]
    status = _wait_done(client, location, tenant)
    page = client.get(f"{location}/report", headers=tenant)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert f"<b>{status['counts']['total']}</b> rows" in text
    assert text.count("<svg") == 4  # recommendations + three score histograms
    assert "WALK-001" in text
    assert "INVALID_TYPE at /" in text
    assert not re.search(r"(src|href)=\"(https?:)?//", text)


def test_the_shipped_examples_agree_as_csv_and_as_json_lines(tmp_path: Path) -> None:
    examples = ROOT / "examples"
    as_csv = _local(tmp_path / "csv", (examples / "situations.csv").read_bytes(), ".csv")
    as_jsonl = _local(tmp_path / "jsonl", (examples / "situations.jsonl").read_bytes())
    assert len(as_csv) == 4
    assert as_csv == as_jsonl
    assert all(json.loads(line)["status"] == 200 for line in as_csv)


def test_a_batch_row_gives_the_data_notices_of_a_single_evaluation(
    client: TestClient[Litestar], tenant: dict[str, str], tmp_path: Path
) -> None:
    case = json.loads((CASES / "TC-04.json").read_text())["payload"]
    without_consent = {**case, "person": {**case["person"], "gender": "woman"}}
    with_consent = {
        **case,
        "person": {**case["person"], "gender": "woman", "gender_opt_in": True},
    }
    saying_nothing = {**case, "person": {**case["person"], "gender": "prefer_not_to_say"}}
    rows = [without_consent, with_consent, saying_nothing, case]
    data = _jsonl(rows)
    created = client.post("/v1/batches", content=data, headers={**tenant, **JSONL})
    location = created.headers["location"]
    _wait_done(client, location, tenant)
    lines = client.get(f"{location}/results", headers=tenant).content.splitlines()
    for line, row in zip(lines, rows, strict=True):
        single = client.post("/v1/evaluations", json=row, headers=tenant).json()
        del single["id"]
        assert json.loads(line)["evaluation"] == single
    notices = [[n["id"] for n in json.loads(line)["evaluation"]["data_notices"]] for line in lines]
    assert ["DATA-003" in found for found in notices] == [True, False, True, False]
    assert lines == _local(tmp_path, data)


def test_a_gender_sent_without_consent_is_not_held(engine: Engine) -> None:
    from batna.batch.intake import kept_for_evaluation

    case = json.loads((CASES / "TC-04.json").read_text())["payload"]
    for gender in ("woman", "man", "non_binary"):
        row = {**case, "person": {**case["person"], "gender": gender}}
        held = json.loads(kept_for_evaluation(engine.parse(row)))
        assert held["person"]["gender"] == "prefer_not_to_say"  # sent, value withheld
    opted_in = {**case, "person": {**case["person"], "gender": "woman", "gender_opt_in": True}}
    assert json.loads(kept_for_evaluation(engine.parse(opted_in)))["person"]["gender"] == "woman"
    assert json.loads(kept_for_evaluation(engine.parse(case)))["person"].get("gender") is None
