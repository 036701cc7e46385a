"""Uploads cut off mid-intake are expired (rows and kept situations erased, the batch
``failed``) by the workers' sweep and by ``batna db purge``; purge also erases finished
batches past the retention period. One test kills a real server (SIGKILL) mid-upload."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from batna.batch.intake import kept_for_evaluation
from batna.batch.runner import BatchRunner
from batna.engine import Engine, Rulesets
from batna.errors import StoreUnavailable
from batna.schemas.batches import BatchItemIn
from batna.schemas.records import Principal
from batna.store import Database, KeyStore, migrate
from batna.store.batches import BatchStore
from tests.conftest import CASES, KEY_PEPPER, ROOT, RULES, fresh_database, sql
from tests.servers import serve

TIMEOUT = timedelta(seconds=300)  # BATNA_INTAKE_TIMEOUT_SECONDS' default
# TC-19: the person opted in to the fairness check, so the kept situation holds her gender.
OPTED_IN = json.loads((CASES / "TC-19.json").read_text())["payload"]


def _items(engine: Engine, first: int, count: int) -> list[BatchItemIn]:
    kept = kept_for_evaluation(engine.decode(json.dumps(OPTED_IN)))
    assert b'"gender":"woman"' in kept
    return [BatchItemIn(row=first + i, situation=kept) for i in range(count)]


async def _principal(database: Database, tenant: str) -> Principal:
    keys = KeyStore(database, KEY_PEPPER)
    return await keys.authenticate((await keys.create(tenant)).token)


async def _upload(
    store: BatchStore,
    database: Database,
    engine: Engine,
    who: Principal,
    *,
    chunks: int,
    age: timedelta,
) -> str:
    """A batch left ``receiving`` with ``chunks`` chunks of 500 rows, begun ``age`` ago."""
    batch_id = await store.create(who, "jsonl")
    for chunk in range(chunks):
        await store.add_chunk(batch_id, chunk, _items(engine, chunk * 500, 500))
    async with database.begin() as connection:
        await connection.execute(
            text("UPDATE batches SET created_at = :t WHERE id = :i"),
            {"t": datetime.now(UTC) - age, "i": batch_id},
        )
    return batch_id


def _kept(url: str, batch_id: str) -> tuple[int, int, int]:
    """(rows, rows whose situation holds a gender, chunks) of one batch, read raw."""
    rows, gendered = sql(
        url,
        "SELECT count(*), count(CASE WHEN situation LIKE '%gender%' THEN 1 END) "
        "FROM batch_items WHERE batch_id = :i",
        i=batch_id,
    )[0]
    chunks = sql(url, "SELECT count(*) FROM batch_chunks WHERE batch_id = :i", i=batch_id)[0][0]
    return rows, gendered, chunks


def test_the_worker_sweep_expires_uploads_cut_off_mid_intake(
    engine: Engine, tmp_path: Path
) -> None:
    with fresh_database(tmp_path, "sweep") as url:
        migrate.upgrade(url)

        async def seed() -> tuple[str, str]:
            database = Database(url)
            try:
                store = BatchStore(database)
                who = await _principal(database, "sweep")
                stuck = await _upload(store, database, engine, who, chunks=2, age=TIMEOUT * 2)
                live = await _upload(
                    store, database, engine, who, chunks=1, age=timedelta(seconds=5)
                )
                return stuck, live
            finally:
                await database.dispose()

        stuck, live = asyncio.run(seed())
        assert _kept(url, stuck) == (1000, 1000, 2)

        async def sweep() -> None:
            database = Database(url)
            try:
                store = BatchStore(database)
                who = await _principal(database, "sweep")
                runner = BatchRunner(
                    store, Rulesets(engine), lease=timedelta(seconds=60), intake_timeout=TIMEOUT
                )
                assert await runner.sweep() == 1
                assert await runner.sweep() == 0  # idempotent: nothing left to expire
                status = await store.status(who, stuck)
                assert status.status == "failed"
                assert status.finished_at is not None
                assert (await store.status(who, live)).status == "receiving"
                # The intake of an expired upload cannot go on: it stores nothing more.
                with pytest.raises(StoreUnavailable, match="expired"):
                    await store.add_chunk(stuck, 2, _items(engine, 1000, 10))
                with pytest.raises(StoreUnavailable, match="expired"):
                    await store.finish_upload(stuck, 1010, 0)
                assert [r async for r in store.results(who, stuck, after=-1)] == []
            finally:
                await database.dispose()

        asyncio.run(sweep())
        assert _kept(url, stuck) == (0, 0, 0)  # rows, situations (gender included), chunks
        assert _kept(url, live) == (500, 500, 1)  # a live upload is left alone
        assert sql(url, "SELECT status FROM batches WHERE id = :i", i=stuck) == [("failed",)]


def test_the_worker_loop_sweeps_without_being_asked(engine: Engine, tmp_path: Path) -> None:
    with fresh_database(tmp_path, "loop") as url:
        migrate.upgrade(url)

        async def run() -> str:
            database = Database(url)
            try:
                store = BatchStore(database)
                who = await _principal(database, "loop")
                stuck = await _upload(
                    store, database, engine, who, chunks=1, age=timedelta(seconds=3)
                )
                runner = BatchRunner(
                    store,
                    Rulesets(engine),
                    lease=timedelta(seconds=60),
                    intake_timeout=timedelta(seconds=2),
                    idle_seconds=0.05,
                )
                assert runner.sweep_seconds == 0.5
                task = asyncio.create_task(runner.run())
                try:
                    for _ in range(100):
                        if (await store.status(who, stuck)).status == "failed":
                            break
                        await asyncio.sleep(0.05)
                finally:
                    runner.stop()
                    await task
                return (await store.status(who, stuck)).status
            finally:
                await database.dispose()

        assert asyncio.run(run()) == "failed"


def test_purge_expires_stuck_uploads_and_erases_old_finished_batches(
    engine: Engine, tmp_path: Path
) -> None:
    with fresh_database(tmp_path, "batchpurge") as url:
        migrate.upgrade(url)
        now = datetime.now(UTC)

        async def seed() -> dict[str, str]:
            database = Database(url)
            try:
                store = BatchStore(database)
                who = await _principal(database, "purge")
                made = {
                    "stuck": await _upload(store, database, engine, who, chunks=1, age=TIMEOUT * 2),
                    "receiving": await _upload(
                        store, database, engine, who, chunks=1, age=timedelta(0)
                    ),
                }
                for name, status, finished_days in (
                    ("done-old", "done", 400),
                    ("failed-old", "failed", 366),
                    ("done-recent", "done", 10),
                    ("queued-old", "queued", None),
                ):
                    batch_id = await _upload(
                        store, database, engine, who, chunks=1, age=timedelta(days=400)
                    )
                    finished = None if finished_days is None else now - timedelta(finished_days)
                    async with database.begin() as connection:
                        await connection.execute(
                            text(
                                "UPDATE batches SET status = :s, finished_at = :f, total = 500 "
                                "WHERE id = :i"
                            ),
                            {"s": status, "f": finished, "i": batch_id},
                        )
                    made[name] = batch_id
                return made
            finally:
                await database.dispose()

        made = asyncio.run(seed())
        env = {**os.environ, "BATNA_RULES_DIR": str(RULES), "BATNA_DATABASE_URL": url}
        run = subprocess.run(
            [sys.executable, "-m", "batna.cli", "db", "purge"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert "expired 1 upload(s) cut off mid-intake" in run.stdout
        assert "deleted 2 batch(es) finished more than 365 days ago" in run.stdout
        left = dict(sql(url, "SELECT id, status FROM batches"))
        names = {batch_id: name for name, batch_id in made.items()}
        assert {names[i]: s for i, s in left.items()} == {
            "stuck": "failed",  # expired now; erased once past retention
            "receiving": "receiving",
            "done-recent": "done",
            "queued-old": "queued",  # not finished: never purged under a worker
        }
        for name, batch_id in made.items():
            rows = 0 if name in ("stuck", "done-old", "failed-old") else 500
            assert _kept(url, batch_id)[0] == rows, name
        assert sql(url, "SELECT count(*) FROM batch_chunks")[0][0] == 3


# --- a real server killed mid-upload -------------------------------------------------


@pytest.mark.slow
def test_a_server_killed_mid_upload_leaves_nothing_once_the_upload_expires(
    tmp_path: Path,
) -> None:
    rows = 20_000
    body = (json.dumps(OPTED_IN) + "\n").encode() * rows
    log = tmp_path / "server.log"
    with fresh_database(tmp_path, "killed") as url:
        migrate.upgrade(url)

        async def key() -> str:
            database = Database(url)
            try:
                return (await KeyStore(database, KEY_PEPPER).create("killed")).token
            finally:
                await database.dispose()

        auth = {"Authorization": f"Bearer {asyncio.run(key())}"}
        with serve(log, url, BATNA_LOG_LEVEL="warning") as server:
            answered: list[Any] = []

            def upload() -> None:
                headers = {**auth, "content-type": "application/x-ndjson"}
                try:
                    answered.append(
                        httpx.post(
                            f"{server.base}/v1/batches", content=body, headers=headers, timeout=120
                        )
                    )
                except httpx.TransportError as exc:
                    answered.append(exc)

            sender = threading.Thread(target=upload)
            sender.start()
            deadline = time.monotonic() + 60
            while True:  # kill once some chunks are stored and the upload is still going
                found = sql(
                    url,
                    "SELECT b.id, count(i.row) FROM batches b "
                    "LEFT JOIN batch_items i ON i.batch_id = b.id "
                    "WHERE b.status = 'receiving' GROUP BY b.id",
                )
                if found and found[0][1] >= 1000:
                    break
                assert not answered, "the upload finished before the kill: nothing was tested"
                assert time.monotonic() < deadline, "the upload never started storing rows"
                time.sleep(0.02)
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=20)
            sender.join(timeout=60)
        batch_id = found[0][0]
        assert isinstance(answered[0], httpx.TransportError)  # no 202: the client has no id
        rows_kept, gendered, _ = _kept(url, batch_id)
        assert 1000 <= rows_kept < rows
        assert gendered == rows_kept  # the opted-in gender sits in every stored situation
        assert sql(url, "SELECT status FROM batches WHERE id = :i", i=batch_id) == [("receiving",)]

        # A restarted server (short timeouts, so the test need not wait minutes) sweeps it.
        short = {"BATNA_INTAKE_TIMEOUT_SECONDS": "2", "BATNA_REQUEST_TIMEOUT": "1"}
        with serve(log, url, BATNA_LOG_LEVEL="warning", **short) as server:
            deadline = time.monotonic() + 30
            while (
                status := httpx.get(f"{server.base}/v1/batches/{batch_id}", headers=auth).json()
            )["status"] != "failed":
                assert time.monotonic() < deadline, status
                time.sleep(0.2)
        assert status["counts"] == {"total": 0, "done": 0, "failed": 0, "pending": 0}
        assert _kept(url, batch_id) == (0, 0, 0)
        assert sql(url, "SELECT count(*) FROM batch_items")[0][0] == 0
        assert "expired 1 upload(s)" in log.read_text()
