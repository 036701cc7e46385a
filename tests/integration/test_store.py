"""The audit store through the API, on this run's database (SQLite or PostgreSQL).

Each test makes its own tenants, so tests sharing a worker's database cannot see each
other's records; database-level checks read the real tables, never a stand-in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from litestar import Litestar
from litestar.testing import TestClient

from batna.engine import Engine
from batna.schemas.evaluation import Evaluation
from batna.schemas.records import NewRecord, Principal
from batna.store import Database, EvaluationStore, KeyStore, migrate
from batna.store.ids import new_id
from batna.store.repository import IDEMPOTENCY_WINDOW
from batna.store.tables import metadata
from tests.conftest import CASES, KEY_PEPPER, ROOT, RULES, fresh_database, new_key, sql

PROBLEM = "application/problem+json"
ENCODER = msgspec.json.Encoder(decimal_format="number")
SOME_ID = "01a206d7-f33d-7000-8c33-ab38b57d882d"


def _payload(case: str) -> Any:
    return json.loads((CASES / f"{case}.json").read_text())["payload"]


@pytest.fixture
def tenant(database_url: str) -> dict[str, str]:
    """Headers of a brand-new tenant."""
    return {"Authorization": f"Bearer {new_key(database_url, f't-{uuid.uuid4().hex[:12]}')}"}


@pytest.fixture
def other(database_url: str) -> dict[str, str]:
    """Headers of a second brand-new tenant."""
    return {"Authorization": f"Bearer {new_key(database_url, f'o-{uuid.uuid4().hex[:12]}')}"}


def test_tenants_see_only_their_own_records_on_every_route(
    client: TestClient[Litestar], tenant: dict[str, str], other: dict[str, str]
) -> None:
    created = client.post("/v1/evaluations", json=_payload("TC-01"), headers=tenant)
    assert created.status_code == 201
    record_id = created.json()["id"]
    location = created.headers["location"]
    assert location == f"/v1/evaluations/{record_id}"

    # The other tenant: not found (never "forbidden"), not listed, not filterable, not erasable.
    for method in ("GET", "DELETE"):
        refused = client.request(method, location, headers=other)
        assert refused.status_code == 404
        assert refused.headers["content-type"] == PROBLEM
    assert client.get("/v1/evaluations", headers=other).json() == {
        "items": [],
        "next_cursor": None,
    }
    assert client.get("/v1/evaluations?rule=WALK-001", headers=other).json()["items"] == []
    # The same Idempotency-Key in two tenants makes two records, not a replay across tenants.
    key = {"Idempotency-Key": f"shared-{uuid.uuid4()}"}
    mine = client.post("/v1/evaluations", json=_payload("TC-04"), headers={**tenant, **key})
    theirs = client.post("/v1/evaluations", json=_payload("TC-04"), headers={**other, **key})
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert mine.json()["id"] != theirs.json()["id"]

    # The owner still has everything.
    assert client.get(location, headers=tenant).status_code == 200
    listed = [item["id"] for item in client.get("/v1/evaluations", headers=tenant).json()["items"]]
    assert listed == [mine.json()["id"], record_id]
    assert client.delete(location, headers=tenant).status_code == 204


def test_twenty_concurrent_identical_requests_make_exactly_one_record(
    live_server: str, database_url: str
) -> None:
    headers = {
        "Authorization": f"Bearer {new_key(database_url, f'idem-{uuid.uuid4().hex[:12]}')}",
        "Idempotency-Key": str(uuid.uuid4()),
    }
    body = json.dumps(_payload("TC-03")).encode()

    def post(_: int) -> httpx.Response:
        return httpx.post(
            f"{live_server}/v1/evaluations",
            content=body,
            headers={**headers, "content-type": "application/json"},
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))
    assert [r.status_code for r in responses] == [201] * 20
    assert len({r.content for r in responses}) == 1  # byte-identical answers
    assert len({r.headers["location"] for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 19
    auth = {"Authorization": headers["Authorization"]}
    page = httpx.get(f"{live_server}/v1/evaluations", headers=auth).json()
    assert [item["id"] for item in page["items"]] == [responses[0].json()["id"]]

    changed = json.loads(body)
    changed["ask"]["framing"] = "question"
    reused = httpx.post(f"{live_server}/v1/evaluations", json=changed, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["error"] == "IDEMPOTENCY_KEY_REUSED"
    # Asking for a hint changes the request too.
    hinted = httpx.post(
        f"{live_server}/v1/evaluations?hint=true",
        content=body,
        headers={**headers, "content-type": "application/json"},
    )
    assert hinted.status_code == 422
    assert len(httpx.get(f"{live_server}/v1/evaluations", headers=auth).json()["items"]) == 1


def test_a_key_older_than_a_day_is_free_for_a_new_request(
    client: TestClient[Litestar], tenant: dict[str, str], database_url: str
) -> None:
    """Past the idempotency window the key no longer binds: a different request with it
    is a new record (not a 422), and the key then replays that one."""
    key = str(uuid.uuid4())
    headers = {**tenant, "Idempotency-Key": key}
    first = client.post("/v1/evaluations", json=_payload("TC-03"), headers=headers)
    assert first.status_code == 201
    aged = dt.datetime.now(dt.UTC) - IDEMPOTENCY_WINDOW - dt.timedelta(minutes=5)
    sql(database_url, "UPDATE idempotency_keys SET created_at = :t WHERE key = :k", t=aged, k=key)
    changed = _payload("TC-03")
    changed["ask"]["framing"] = "question"
    second = client.post("/v1/evaluations", json=changed, headers=headers)
    assert second.status_code == 201, second.text
    assert "idempotent-replayed" not in second.headers
    assert second.json()["id"] != first.json()["id"]
    again = client.post("/v1/evaluations", json=changed, headers=headers)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == second.json()["id"]
    held = sql(database_url, "SELECT evaluation_id FROM idempotency_keys WHERE key = :k", k=key)
    assert held == [(second.json()["id"],)]


def test_erasure_removes_the_record_its_rules_and_its_key(
    client: TestClient[Litestar], tenant: dict[str, str], database_url: str
) -> None:
    key = {"Idempotency-Key": f"erase-{uuid.uuid4()}"}
    first = client.post("/v1/evaluations", json=_payload("TC-01"), headers={**tenant, **key})
    record_id = first.json()["id"]
    assert (
        sql(
            database_url,
            "SELECT count(*) FROM evaluation_rules WHERE evaluation_id = :i",
            i=record_id,
        )[0][0]
        > 0
    )

    erased = client.delete(f"/v1/evaluations/{record_id}", headers=tenant)
    assert erased.status_code == 204
    assert erased.content == b""
    assert client.get(f"/v1/evaluations/{record_id}", headers=tenant).status_code == 404
    assert client.delete(f"/v1/evaluations/{record_id}", headers=tenant).status_code == 404
    assert client.get("/v1/evaluations", headers=tenant).json()["items"] == []
    for table, column in (
        ("evaluations", "id"),
        ("evaluation_rules", "evaluation_id"),
        ("idempotency_keys", "evaluation_id"),
    ):
        count = sql(database_url, f"SELECT count(*) FROM {table} WHERE {column} = :i", i=record_id)  # noqa: S608 - fixed names
        assert count == [(0,)], table
    # Nothing of it is left to replay: the same key now makes a new record.
    again = client.post("/v1/evaluations", json=_payload("TC-01"), headers={**tenant, **key})
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json()["id"] != record_id


@pytest.mark.parametrize("case", ["TC-01", "TC-03", "TC-04", "TC-19"])
def test_a_record_read_back_explains_itself(
    client: TestClient[Litestar],
    tenant: dict[str, str],
    engine: Engine,
    database_url: str,
    case: str,
) -> None:
    answered = client.post("/v1/evaluations", json=_payload(case), headers=tenant).json()
    record = client.get(f"/v1/evaluations/{answered['id']}", headers=tenant).json()
    assert record["evaluation"] == answered
    assert record["ruleset"] == {
        "name": engine.ruleset.name,
        "version": engine.ruleset.version,
        "revision": engine.bundle.revision,
    }
    assert record["ruleset"] == answered["ruleset"]
    # Re-running the stored situation with the same rules gives the same answer.
    situation = engine.decode(json.dumps(record["situation"]).encode())
    created = dt.datetime.fromisoformat(record["created_at"])
    again = engine.evaluate(situation, today=created.astimezone(dt.UTC).date())
    replayed = json.loads(ENCODER.encode(msgspec.structs.replace(again, id=answered["id"])))
    if case == "TC-19":
        # Gender is not kept, so the FAIR-* advisories it allowed cannot fire again; by the
        # gender invariance of docs/rules.md nothing else may differ (the record still lists them).
        assert any(r["id"].startswith("FAIR-") for r in answered["fired_rules"])
        for body in (replayed, answered):
            body["fired_rules"] = [
                r for r in body["fired_rules"] if not r["id"].startswith("FAIR-")
            ]
            body["derived"]["backlash_applicable"] = None
    assert [r["id"] for r in replayed["fired_rules"]] == [r["id"] for r in answered["fired_rules"]]
    assert replayed == answered
    (kept,) = sql(database_url, "SELECT situation FROM evaluations WHERE id = :i", i=record["id"])[
        0
    ]
    assert hashlib.sha256(kept.encode()).hexdigest() == record["situation_sha256"]


def test_gender_is_never_stored(
    client: TestClient[Litestar], tenant: dict[str, str], database_url: str
) -> None:
    payload = _payload("TC-19")  # an opted-in woman: gender is used, then forgotten
    assert payload["person"]["gender"] == "woman"
    answered = client.post("/v1/evaluations", json=payload, headers=tenant).json()
    assert any(rule["id"].startswith("FAIR-") for rule in answered["fired_rules"])
    record = client.get(f"/v1/evaluations/{answered['id']}", headers=tenant).json()
    assert record["situation"]["person"].get("gender") is None
    situation, evaluation = sql(
        database_url,
        "SELECT situation, evaluation FROM evaluations WHERE id = :i",
        i=answered["id"],
    )[0]
    assert "woman" not in situation
    assert "woman" not in evaluation
    assert '"gender"' not in situation


def test_opting_out_keeps_only_the_hash(
    client: TestClient[Litestar], tenant: dict[str, str], database_url: str
) -> None:
    stored = client.post("/v1/evaluations", json=_payload("TC-04"), headers=tenant).json()
    hashed = client.post(
        "/v1/evaluations?store_situation=false", json=_payload("TC-04"), headers=tenant
    ).json()
    full = client.get(f"/v1/evaluations/{stored['id']}", headers=tenant).json()
    bare = client.get(f"/v1/evaluations/{hashed['id']}", headers=tenant).json()
    assert (bare["situation"], bare["situation_stored"]) == (None, False)
    assert bare["situation_sha256"] == full["situation_sha256"]
    assert bare["evaluation"]["scores"] == full["evaluation"]["scores"]
    assert sql(database_url, "SELECT situation FROM evaluations WHERE id = :i", i=hashed["id"]) == [
        (None,)
    ]
    listed = client.get("/v1/evaluations", headers=tenant).json()["items"]
    assert [i["situation_stored"] for i in listed] == [False, True]


def test_pages_and_filters(client: TestClient[Litestar], tenant: dict[str, str]) -> None:
    cases = ["TC-01", "TC-04", "TC-03", "TC-04", "TC-06", "TC-01", "TC-04"]
    ids = []
    for case in cases:
        response = client.post("/v1/evaluations", json=_payload(case), headers=tenant)
        ids.append(response.json()["id"])
    seen: list[str] = []
    cursor = None
    sizes = []
    while True:
        url = "/v1/evaluations?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=tenant).json()
        sizes.append(len(page["items"]))
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sizes == [3, 3, 1]
    assert seen == ids[::-1]  # newest first, each once

    def listed(query: str) -> list[str]:
        body = client.get(f"/v1/evaluations?{query}", headers=tenant).json()
        return [item["id"] for item in body["items"]]

    proceed = listed("recommendation=proceed")
    assert proceed == [i for i, c in zip(ids, cases, strict=True) if c == "TC-04"][::-1]
    walk = listed("rule=WALK-001")
    assert walk
    assert set(walk) <= {i for i, c in zip(ids, cases, strict=True) if c in ("TC-01", "TC-03")}
    first = client.get(f"/v1/evaluations/{ids[0]}", headers=tenant).json()["created_at"]
    assert listed(f"created_before={first.replace('Z', '%2B00:00')}") == []
    assert ids[0] in listed(f"created_after={first.replace('Z', '%2B00:00')}")
    assert listed("created_after=2999-01-01T00:00:00Z") == []


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("limit=201", "/query/limit"),
        ("limit=-1", "/query/limit"),
        ("recommendation=maybe", "/query/recommendation"),
        ("rule=walk", "/query/rule"),
        ("created_after=2026-11-23", "/query/created_after"),
        ("created_before=2026-11-23T10:00:00", "/query/created_before"),
    ],
)
def test_bad_list_parameters_are_named(client: TestClient[Litestar], query: str, path: str) -> None:
    response = client.get(f"/v1/evaluations?{query}")
    assert response.status_code == 422
    assert [d["path"] for d in response.json()["details"]] == [path]


def test_text_round_trips_and_a_nul_is_refused_not_a_500(
    client: TestClient[Litestar], tenant: dict[str, str]
) -> None:
    payload = _payload("TC-04")
    payload["person"]["role_title"] = "Fund-raiser \u2603 \U0001f4bc \u00e9"
    created = client.post("/v1/evaluations", json=payload, headers=tenant)
    assert created.status_code == 201
    record = client.get(f"/v1/evaluations/{created.json()['id']}", headers=tenant).json()
    assert record["situation"]["person"]["role_title"] == payload["person"]["role_title"]
    # PostgreSQL text cannot hold NUL; the schema refuses it before the store sees it.
    payload["person"]["role_title"] = "Fund\u0000raiser"
    refused = client.post("/v1/evaluations", json=payload, headers=tenant)
    assert refused.status_code == 422
    assert [d["path"] for d in refused.json()["details"]] == ["/person/role_title"]


def test_migrations_go_up_and_down_and_match_the_tables(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "migrations") as url:
        migrate.upgrade(url)
        assert _diff(url) == []
        migrate.downgrade(url, "base")
        tables = _tables(url)
        assert tables <= {"alembic_version"}
        migrate.upgrade(url)
        assert _tables(url) >= {
            "tenants",
            "api_keys",
            "evaluations",
            "evaluation_rules",
            "idempotency_keys",
        }
        assert _diff(url) == []


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        database = Database(url)
        try:
            async with database.begin() as connection:
                names = await connection.run_sync(lambda sync: sync.dialect.get_table_names(sync))
                return set(names)
        finally:
            await database.dispose()

    return asyncio.run(run())


def _diff(url: str) -> list[Any]:
    """What autogenerate would change: nothing, when migrations and tables.py agree."""

    async def run() -> list[Any]:
        database = Database(url)
        try:
            async with database.begin() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
                )
        finally:
            await database.dispose()

    return asyncio.run(run())


def test_the_server_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "unmigrated") as url:
        env = {**os.environ, "BATNA_RULES_DIR": str(RULES), "BATNA_DATABASE_URL": url}
        run = subprocess.run(
            [sys.executable, "-m", "batna.cli", "serve", "--port", "1"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode != 0
        assert "batna db upgrade" in run.stderr + run.stdout
        current = subprocess.run(
            [sys.executable, "-m", "batna.cli", "db", "current"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert current.returncode == 1
        assert "revision none" in current.stdout


def test_purge_deletes_only_records_past_retention(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "purge") as url:
        migrate.upgrade(url)
        now = dt.datetime.now(dt.UTC)

        async def seed() -> Principal:
            database = Database(url)
            try:
                keys = KeyStore(database, KEY_PEPPER)
                key = await keys.create("retention")
                principal = await keys.authenticate(key.token)
                store = EvaluationStore(database)
                for age_days in (400, 366, 10, 0):
                    record_id = new_id()
                    body = _evaluation_bytes(record_id)
                    await store.record(
                        principal,
                        _record(record_id, body, now - dt.timedelta(days=age_days)),
                        (f"k-{age_days}", "0" * 64),
                    )
                return principal
            finally:
                await database.dispose()

        asyncio.run(seed())
        env = {**os.environ, "BATNA_RULES_DIR": str(RULES), "BATNA_DATABASE_URL": url}
        run = subprocess.run(
            [sys.executable, "-m", "batna.cli", "db", "purge"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert "deleted 2 evaluation(s) older than 365 days" in run.stdout
        assert sql(url, "SELECT count(*) FROM evaluations") == [(2,)]
        # Idempotency keys go after 24 hours (and with their records).
        assert sql(url, "SELECT key FROM idempotency_keys") == [("k-0",)]


def _evaluation_bytes(record_id: str) -> bytes:
    engine = Engine.from_path(RULES)
    payload = json.dumps(json.loads((CASES / "TC-04.json").read_text())["payload"]).encode()
    evaluated = engine.evaluate(engine.decode(payload))
    engine.close()
    return ENCODER.encode(msgspec.structs.replace(evaluated, id=record_id))


def _record(record_id: str, body: bytes, created_at: dt.datetime) -> NewRecord:
    evaluation = msgspec.json.decode(body, type=Evaluation)
    return NewRecord(
        id=record_id,
        created_at=created_at,
        situation=None,
        situation_sha256="0" * 64,
        evaluation=body,
        overall_recommendation=evaluation.overall_recommendation,
        scores=evaluation.scores,
        fired_rule_ids=[rule.id for rule in evaluation.fired_rules],
        ruleset=evaluation.ruleset,
    )
