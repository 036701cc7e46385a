"""Group commit on a real database: concurrent writes share transactions, and each caller
learns its own outcome only once its transaction has committed (or failed)."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

import msgspec
import pytest
from sqlalchemy import TextClause, text
from sqlalchemy.engine import Connection

from batna.api.audit import new_record
from batna.engine import Engine
from batna.errors import StoreUnavailable, Unauthorized, ValidationFailed
from batna.schemas.jsonout import ENCODER
from batna.schemas.records import NewRecord, Stored
from batna.store import Database
from batna.store.group import GroupCommit, Refused
from batna.store.ids import new_id
from batna.store.keys import KeyStore
from batna.store.repository import EvaluationStore
from tests.conftest import RULES, database_kind, sql

T = TypeVar("T")
R = TypeVar("R")


def _table(database_url: str) -> str:
    name = f"gc_{uuid.uuid4().hex[:10]}"
    sql(database_url, f"CREATE TABLE {name} (n INTEGER PRIMARY KEY)")
    return name


def _insert(table: str) -> TextClause:
    return text(f"INSERT INTO {table} (n) VALUES (:n)")  # noqa: S608 - the test's own table


def _in_transaction(
    database: Database, write: Callable[[Connection, list[T]], list[R]]
) -> Callable[[list[T]], Awaitable[list[R]]]:
    """A group writer that runs ``write`` in ``Database.transact``."""

    async def run(items: list[T]) -> list[R]:
        return await database.transact(partial(write, items=items))

    return run


def _rows(database_url: str, table: str) -> list[int]:
    return sorted(n for (n,) in sql(database_url, f"SELECT n FROM {table}"))  # noqa: S608


def test_concurrent_writes_share_transactions_and_all_commit(database_url: str) -> None:
    table = _table(database_url)
    batches: list[list[int]] = []
    threads: set[str] = set()

    async def run() -> list[int]:
        database = Database(database_url)

        def write(connection: Connection, items: list[int]) -> list[int | BaseException]:
            threads.add(threading.current_thread().name)
            batches.append(list(items))
            connection.execute(_insert(table), [{"n": n} for n in items])
            return [n * 10 for n in items]

        group: GroupCommit[int, int] = GroupCommit(_in_transaction(database, write))
        try:
            return await asyncio.gather(*(group.submit(n) for n in range(200)))
        finally:
            await database.dispose()

    assert asyncio.run(run()) == [n * 10 for n in range(200)]  # each caller gets its own
    assert _rows(database_url, table) == list(range(200))
    assert sorted(n for batch in batches for n in batch) == list(range(200))
    assert len(batches) < 20, [len(b) for b in batches]  # grouped, not one per write
    assert max(len(b) for b in batches) <= 256
    # On a SQLite file each transaction runs whole in the database's own thread (one
    # hand-over); on PostgreSQL on the event loop's, through asyncpg.
    expected = "batna-sqlite" if database_kind() == "sqlite" else "MainThread"
    assert {name.split("_")[0] for name in threads} == {expected}, threads


def test_refused_items_fail_alone_and_the_rest_commits(database_url: str) -> None:
    table = _table(database_url)

    async def run() -> list[object]:
        database = Database(database_url)

        def write(connection: Connection, items: list[int]) -> list[BaseException | None]:
            connection.execute(_insert(table), [{"n": n} for n in items])
            odd = {i: Unauthorized(f"{n} refused") for i, n in enumerate(items) if n % 2}
            if odd:
                raise Refused(odd)
            return [ValueError(n) if n == 20 else None for n in items]

        group: GroupCommit[int, None] = GroupCommit(_in_transaction(database, write))
        try:
            return await asyncio.gather(
                *(group.submit(n) for n in range(40)), return_exceptions=True
            )
        finally:
            await database.dispose()

    outcomes = asyncio.run(run())
    assert [n for n, o in enumerate(outcomes) if o is None] == [
        n for n in range(0, 40, 2) if n != 20
    ]
    assert isinstance(outcomes[20], ValueError)  # an item's own error, its row still written
    assert all(isinstance(outcomes[n], Unauthorized) for n in range(1, 40, 2))
    assert str(outcomes[7]) == "7 refused"
    assert _rows(database_url, table) == list(range(0, 40, 2))  # the refused rolled back


def test_a_failed_transaction_fails_every_caller_in_it(database_url: str) -> None:
    table = _table(database_url)

    async def run() -> list[object]:
        database = Database(database_url)

        def write(connection: Connection, items: list[int]) -> list[BaseException | None]:
            connection.execute(_insert(table), [{"n": n} for n in items])
            if 13 in items:
                raise StoreUnavailable("gone")
            return [None] * len(items)

        group: GroupCommit[int, None] = GroupCommit(_in_transaction(database, write), limit=8)
        try:
            return await asyncio.gather(
                *(group.submit(n) for n in range(32)), return_exceptions=True
            )
        finally:
            await database.dispose()

    outcomes = asyncio.run(run())
    failed = {n for n, o in enumerate(outcomes) if isinstance(o, StoreUnavailable)}
    assert 13 in failed
    assert all(o is None for n, o in enumerate(outcomes) if n not in failed)
    assert _rows(database_url, table) == sorted(set(range(32)) - failed)
    assert len(failed) <= 8


@pytest.mark.parametrize("keyed", [False, True], ids=["grouped", "idempotency-key"])
def test_a_revoked_key_stops_the_stored_post_at_once(database_url: str, keyed: bool) -> None:
    """The stored POST takes its key from the process's cache; the record's own
    transaction still refuses a key revoked a moment ago, and stores nothing."""
    from litestar.testing import TestClient

    from batna.api import create_app
    from batna.engine import Engine, Rulesets
    from batna.store import KeyStore
    from tests.conftest import KEY_PEPPER, RULES, load_case
    from tests.contract.conftest import settings_for

    tenant = f"rev-{uuid.uuid4().hex[:10]}"

    async def make() -> tuple[str, str]:
        database = Database(database_url)
        try:
            made = await KeyStore(database, KEY_PEPPER).create(tenant)
            return made.token, made.key_id
        finally:
            await database.dispose()

    async def revoke(key_id: str) -> None:
        database = Database(database_url)
        try:
            assert await KeyStore(database, KEY_PEPPER).revoke(key_id)
        finally:
            await database.dispose()

    token, key_id = asyncio.run(make())
    body = load_case("TC-04")["payload"]
    engine = Engine.from_path(RULES)

    def stored() -> int:
        rows = sql(
            database_url,
            "SELECT count(*) FROM evaluations e JOIN tenants t ON t.id = e.tenant_id "
            "WHERE t.name = :t",
            t=tenant,
        )
        return int(rows[0][0])

    with TestClient(create_app(settings_for(database_url), Rulesets(engine))) as client:
        headers = {"Authorization": f"Bearer {token}"}
        if keyed:
            headers["Idempotency-Key"] = f"k-{uuid.uuid4().hex}"
        for _ in range(2):  # the second is answered from the key cache (or replayed)
            assert client.post("/v1/evaluations", json=body, headers=headers).status_code == 201
        before = stored()
        asyncio.run(revoke(key_id))
        refused = client.post("/v1/evaluations", json=body, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"] == "UNAUTHORIZED"
        fresh = {**headers, "Idempotency-Key": f"k-{uuid.uuid4().hex}"} if keyed else headers
        assert client.post("/v1/evaluations", json=body, headers=fresh).status_code == 401
    assert stored() == before == (1 if keyed else 2)
    engine.close()


def test_a_group_of_records_writes_every_row_of_every_table(database_url: str) -> None:
    """One group of real records, some keyed, some without their situation: every record,
    each of its distinct fired rules and each key is written once (on PostgreSQL the
    group is one statement, ``batna.store.bulk``; on SQLite one INSERT per table)."""
    engine = Engine.from_path(RULES)
    tenant = f"bulk-{uuid.uuid4().hex[:8]}"
    situations = []
    for case in sorted((RULES / "negotiation" / "cases").glob("TC-*.json")):
        try:  # some cases are refused by design
            situations.append(engine.decode(json.dumps(json.loads(case.read_text())["payload"])))
        except ValidationFailed:
            continue

    def record(index: int) -> NewRecord:
        situation = situations[index % len(situations)]
        evaluation = msgspec.structs.replace(engine.evaluate(situation), id=new_id())
        body = ENCODER.encode(evaluation)
        return new_record(situation, evaluation, body, store_situation=index % 3 != 0)

    records = [record(i) for i in range(40)]

    async def run() -> list[Stored]:
        database = Database(database_url)
        try:
            keys = KeyStore(database, pepper="p" * 48)
            made = await keys.create(tenant)
            principal = await keys.authenticate_cached(made.token)  # as the API reads it
            store = EvaluationStore(database)
            return await asyncio.gather(
                *(
                    store.record(principal, new, (f"k{i}", "0" * 64) if i % 2 else None)
                    for i, new in enumerate(records)
                )
            )
        finally:
            await database.dispose()

    stored = asyncio.run(run())
    assert [s.id for s in stored] == [r.id for r in records]
    ids = ", ".join(f"'{r.id}'" for r in records)
    written = sql(
        database_url,
        f"SELECT id, situation_stored, situation IS NULL FROM evaluations WHERE id IN ({ids})",  # noqa: S608
    )
    assert sorted(row[0] for row in written) == sorted(r.id for r in records)
    assert all(bool(stored_) != is_null for _, stored_, is_null in written)
    rules = sql(
        database_url,
        f"SELECT evaluation_id, rule_id FROM evaluation_rules WHERE evaluation_id IN ({ids})",  # noqa: S608
    )
    expected = {(r.id, rule) for r in records for rule in r.fired_rule_ids}
    assert sorted(rules) == sorted(expected)
    keyed = sql(
        database_url,
        f"SELECT key, evaluation_id FROM idempotency_keys WHERE evaluation_id IN ({ids})",  # noqa: S608
    )
    assert sorted(keyed) == sorted((f"k{i}", r.id) for i, r in enumerate(records) if i % 2)
