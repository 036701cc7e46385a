"""Batches as an integrator uses them, over real HTTP: retries with a key, listing, CSV results."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from batna.batch.csvout import COLUMNS
from batna.store import BatchStore, Database
from tests.conftest import CASES, new_key, sql

JSONL = {"content-type": "application/x-ndjson"}
PROBLEM = "application/problem+json"


def _payloads() -> list[Any]:
    return [json.loads(p.read_text())["payload"] for p in sorted(CASES.glob("*.json"))]


def _jsonl(count: int, *, salt: str = "") -> bytes:
    cases = _payloads()
    lines = [json.dumps(cases[i % len(cases)]).encode() for i in range(count)]
    if salt:  # a different body: one more (invalid) row
        lines.append(json.dumps({"salt": salt}).encode())
    return b"\n".join(lines) + b"\n"


def _tenant(database_url: str, prefix: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_key(database_url, f'{prefix}-{uuid.uuid4().hex[:12]}')}"}


def _listed(base: str, who: dict[str, str], query: str = "") -> list[str]:
    """Every batch id the tenant's listing gives, page after page."""
    ids: list[str] = []
    cursor = ""
    while True:
        page = httpx.get(f"{base}/v1/batches?limit=2&cursor={cursor}{query}", headers=who)
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            return ids
        cursor = body["next_cursor"]


def _wait_done(base: str, location: str, who: dict[str, str]) -> Any:
    deadline = time.monotonic() + 90
    status: Any = None
    while time.monotonic() < deadline:
        status = httpx.get(base + location, headers=who).json()
        if status["status"] == "done":
            return status
        time.sleep(0.1)
    pytest.fail(f"batch not done: {status}")


def test_one_key_twice_is_one_batch_and_the_second_answer_is_replayed(
    live_server: str, database_url: str
) -> None:
    who = _tenant(database_url, "idem")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = _jsonl(30)
    url = f"{live_server}/v1/batches"
    first = httpx.post(url, content=body, headers={**who, **JSONL, **key}, timeout=60)
    assert first.status_code == 202, first.text
    assert "idempotent-replayed" not in first.headers
    again = httpx.post(url, content=body, headers={**who, **JSONL, **key}, timeout=60)
    assert again.status_code == 202
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["counts"]["total"] == 30
    assert _listed(live_server, who) == [first.json()["id"]]

    # The same key with another body, or the same bytes as another format: a conflict.
    other = httpx.post(url, content=_jsonl(30, salt="x"), headers={**who, **JSONL, **key})
    assert other.status_code == 422
    assert other.headers["content-type"] == PROBLEM
    assert other.json()["error"] == "IDEMPOTENCY_KEY_REUSED"
    as_csv = httpx.post(url, content=body, headers={**who, "content-type": "text/csv", **key})
    assert as_csv.status_code == 422
    assert as_csv.json()["error"] == "IDEMPOTENCY_KEY_REUSED"
    bad_key = httpx.post(url, content=body, headers={**who, **JSONL, "Idempotency-Key": "a b"})
    assert bad_key.status_code == 422
    assert bad_key.json()["details"][0]["path"] == "/headers/Idempotency-Key"

    # Keys are per tenant: another tenant's same key and body make its own batch.
    them = _tenant(database_url, "idem-other")
    theirs = httpx.post(url, content=body, headers={**them, **JSONL, **key}, timeout=60)
    assert theirs.status_code == 202
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["id"] != first.json()["id"]
    assert _listed(live_server, who) == [first.json()["id"]]

    # Erasing the batch releases its key: the same upload then makes a new batch.
    assert httpx.delete(live_server + first.headers["location"], headers=who).status_code == 204
    fresh = httpx.post(url, content=body, headers={**who, **JSONL, **key}, timeout=60)
    assert fresh.status_code == 202
    assert "idempotent-replayed" not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]


def test_concurrent_uploads_with_one_key_make_one_batch(
    live_server: str, database_url: str
) -> None:
    who = _tenant(database_url, "race")
    headers = {**who, **JSONL, "Idempotency-Key": str(uuid.uuid4())}
    body = _jsonl(1500)  # three chunks: the intake takes a while, the others wait for it

    def post(_: int) -> httpx.Response:
        return httpx.post(f"{live_server}/v1/batches", content=body, headers=headers, timeout=60)

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(post, range(6)))
    assert [r.status_code for r in responses] == [202] * 6, [r.text for r in responses]
    assert len({r.headers["location"] for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 5
    assert {r.json()["counts"]["total"] for r in responses} == {1500}
    assert len(_listed(live_server, who)) == 1
    (batch_id,) = {r.json()["id"] for r in responses}
    assert sql(
        database_url, "SELECT count(*) FROM batch_items WHERE batch_id = :i", i=batch_id
    ) == [(1500,)]


def test_a_refused_or_expired_upload_holds_no_key(live_server: str, database_url: str) -> None:
    who = _tenant(database_url, "refused")
    key = str(uuid.uuid4())
    headers = {**who, "Idempotency-Key": key}
    url = f"{live_server}/v1/batches"
    refused = httpx.post(
        url, content=b"no.such.column\n1\n", headers={**headers, "content-type": "text/csv"}
    )
    assert refused.status_code == 422
    assert refused.json()["details"][0]["code"] == "UNKNOWN_COLUMN"
    taken = httpx.post(url, content=_jsonl(3), headers={**headers, **JSONL}, timeout=60)
    assert taken.status_code == 202
    assert "idempotent-replayed" not in taken.headers

    # After 24 hours the key is free again: another body makes another batch.
    sql(
        database_url,
        "UPDATE batch_idempotency_keys SET created_at = :t WHERE key = :k",
        t=datetime.now(UTC) - timedelta(hours=25),
        k=key,
    )
    later = httpx.post(url, content=_jsonl(4), headers={**headers, **JSONL}, timeout=60)
    assert later.status_code == 202
    assert "idempotent-replayed" not in later.headers
    assert later.json()["id"] != taken.json()["id"]
    assert sql(
        database_url, "SELECT batch_id FROM batch_idempotency_keys WHERE key = :k", k=key
    ) == [(later.json()["id"],)]

    # The purge removes keys older than 24 hours, and only those.
    sql(
        database_url,
        "UPDATE batch_idempotency_keys SET created_at = :t WHERE key = :k",
        t=datetime.now(UTC) - timedelta(hours=25),
        k=key,
    )

    async def expire() -> int:
        database = Database(database_url)
        try:
            return await BatchStore(database).expire_keys(datetime.now(UTC))
        finally:
            await database.dispose()

    assert asyncio.run(expire()) >= 1
    assert sql(
        database_url, "SELECT count(*) FROM batch_idempotency_keys WHERE key = :k", k=key
    ) == [(0,)]


def test_the_listing_pages_newest_first_filters_by_status_and_keeps_to_the_tenant(
    live_server: str, database_url: str
) -> None:
    who = _tenant(database_url, "list")
    them = _tenant(database_url, "list-other")
    made = []
    for _ in range(5):
        created = httpx.post(
            f"{live_server}/v1/batches", content=_jsonl(2), headers={**who, **JSONL}, timeout=60
        )
        assert created.status_code == 202
        made.append(created.json()["id"])
    theirs = httpx.post(
        f"{live_server}/v1/batches", content=_jsonl(2), headers={**them, **JSONL}, timeout=60
    ).json()["id"]
    for batch_id in made:
        _wait_done(live_server, f"/v1/batches/{batch_id}", who)

    first = httpx.get(f"{live_server}/v1/batches?limit=2", headers=who).json()
    assert [item["id"] for item in first["items"]] == made[::-1][:2]
    assert first["next_cursor"] == made[3]
    assert first["items"][0] == httpx.get(f"{live_server}/v1/batches/{made[4]}", headers=who).json()
    assert _listed(live_server, who) == made[::-1]  # three pages
    assert _listed(live_server, who, "&status=done") == made[::-1]
    assert _listed(live_server, who, "&status=queued") == []
    assert _listed(live_server, them) == [theirs]
    default = httpx.get(f"{live_server}/v1/batches", headers=who).json()
    assert [item["id"] for item in default["items"]] == made[::-1]
    assert default["next_cursor"] is None
    # Any cursor is a position: one that sorts before every id lists nothing.
    assert httpx.get(f"{live_server}/v1/batches?cursor=0", headers=who).json()["items"] == []

    for query, name in (
        ("status=finished", "status"),
        ("status=done&status=done", "status"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
    ):
        bad = httpx.get(f"{live_server}/v1/batches?{query}", headers=who)
        assert bad.status_code == 422, query
        assert bad.headers["content-type"] == PROBLEM
        assert [d["path"] for d in bad.json()["details"]] == [f"/query/{name}"]
    assert httpx.get(f"{live_server}/v1/batches").status_code == 401


def _same_row(cells: dict[str, str], line: Any) -> None:
    """One CSV row says what its JSON line says."""
    assert int(cells["row"]) == line["row"]
    assert int(cells["status"]) == line["status"]
    evaluation = line.get("evaluation")
    if evaluation is None:
        codes = [f"{d['code']} at {d['path'] or '/'}" for d in line["problem"]["details"]]
        assert cells["problem"] == "; ".join(codes)
        assert cells["overall_recommendation"] == cells["leverage_strength"] == ""
        return
    assert cells["problem"] == ""
    assert cells["overall_recommendation"] == evaluation["overall_recommendation"]
    assert cells["decision_clause"] == evaluation["decision"]["clause"]
    for score, value in evaluation["scores"].items():
        assert int(cells[score]) == value
    fired = evaluation["fired_rules"]
    for kind, column in (
        ("blocker", "blockers"),
        ("warning", "warnings"),
        ("recommendation", "recommendations"),
    ):
        assert cells[column] == ";".join(r["id"] for r in fired if r["kind"] == kind)
    assert cells["data_notices"] == ";".join(n["id"] for n in evaluation["data_notices"])
    ruleset = evaluation["ruleset"]
    assert cells["ruleset"] == f"{ruleset['name']}@{ruleset['version']}"
    assert cells["ruleset_revision"] == ruleset["revision"]
    suggested = evaluation.get("suggested_range")
    if suggested is None:
        assert cells["suggested_low"] == cells["suggested_high"] == cells["currency"] == ""
    else:
        assert Decimal(cells["suggested_low"]) == suggested["low"]
        assert Decimal(cells["suggested_high"]) == suggested["high"]
        assert cells["currency"] == suggested["currency"]


def test_csv_results_parse_back_and_match_the_json_lines(
    live_server: str, database_url: str
) -> None:
    who = _tenant(database_url, "csv")
    body = _jsonl(40) + b"{not json\n[]\n"
    created = httpx.post(
        f"{live_server}/v1/batches", content=body, headers={**who, **JSONL}, timeout=60
    )
    location = created.headers["location"]
    _wait_done(live_server, location, who)
    results = f"{live_server}{location}/results"
    plain = httpx.get(results, headers=who)
    assert plain.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line, parse_float=Decimal) for line in plain.content.splitlines()]
    assert len(lines) == 42

    by_accept = httpx.get(results, headers={**who, "Accept": "text/csv"})
    by_query = httpx.get(f"{results}?format=csv", headers=who)
    assert by_accept.status_code == by_query.status_code == 200
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert by_accept.headers["vary"] == "Accept"
    assert by_accept.content == by_query.content
    assert by_accept.content.endswith(b"\r\n")
    table = list(csv.DictReader(io.StringIO(by_accept.content.decode("utf-8"), newline="")))
    assert list(table[0]) == list(COLUMNS)
    assert len(table) == len(lines)
    for cells, line in zip(table, lines, strict=True):
        _same_row(cells, line)
    assert {cells["status"] for cells in table} == {"200", "422"}
    assert any(cells["blockers"] for cells in table)

    # start= resumes, with the header again; JSON Lines stay the default and win a tie.
    resumed = list(
        csv.reader(io.StringIO(httpx.get(f"{results}?format=csv&start=40", headers=who).text))
    )
    assert resumed[0] == list(COLUMNS)
    assert [row[0] for row in resumed[1:]] == ["40", "41"]
    for accept in ("*/*", "text/csv;q=0.5, application/x-ndjson", "application/json"):
        answer = httpx.get(results, headers={**who, "Accept": accept})
        assert answer.headers["content-type"].startswith("application/x-ndjson"), accept
    assert httpx.get(f"{results}?format=jsonl", headers={**who, "Accept": "text/csv"}).content == (
        plain.content
    )
    bad = httpx.get(f"{results}?format=xlsx", headers=who)
    assert bad.status_code == 422
    assert [d["path"] for d in bad.json()["details"]] == ["/query/format"]
    other = _tenant(database_url, "csv-other")
    assert httpx.get(f"{results}?format=csv", headers=other).status_code == 404
