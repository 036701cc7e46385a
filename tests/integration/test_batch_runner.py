"""The batch worker writes a chunk while it evaluates the next: stopped or cancelled, it
leaves every chunk written once or not at all, and nothing running behind it."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import text

from batna.batch.intake import kept_for_evaluation
from batna.batch.runner import BatchRunner
from batna.engine import Engine, Rulesets
from batna.schemas.batches import BatchItemIn
from batna.store import Database, KeyStore, migrate
from batna.store.batches import BatchStore
from tests.conftest import CASES, KEY_PEPPER, fresh_database, sql

if TYPE_CHECKING:
    from pathlib import Path

CHUNKS = 12
ROWS = 500
SITUATION = json.loads((CASES / "TC-01.json").read_text())["payload"]


async def _batch(database: Database, engine: Engine) -> tuple[BatchStore, str]:
    """A queued batch of ``CHUNKS`` chunks of ``ROWS`` valid rows."""
    keys = KeyStore(database, KEY_PEPPER)
    who = await keys.authenticate((await keys.create("runner")).token)
    store = BatchStore(database)
    batch_id = await store.create(who, "jsonl")
    kept = kept_for_evaluation(engine.decode(json.dumps(SITUATION)))
    for chunk in range(CHUNKS):
        items = [BatchItemIn(row=chunk * ROWS + i, situation=kept) for i in range(ROWS)]
        await store.add_chunk(batch_id, chunk, items)
    await store.finish_upload(batch_id, CHUNKS * ROWS, 0)
    return store, batch_id


def _done_per_chunk(url: str, batch_id: str) -> list[tuple[int, int]]:
    """(chunk, rows done) for each chunk whose rows are settled, read raw."""
    rows = sql(
        url,
        "SELECT chunk, count(*) FROM batch_items WHERE batch_id = :i AND status = 'done' "
        "GROUP BY chunk ORDER BY chunk",
        i=batch_id,
    )
    return [(int(chunk), int(count)) for chunk, count in rows]


def _runner(store: BatchStore, engine: Engine) -> BatchRunner:
    return BatchRunner(
        store,
        Rulesets(engine),
        lease=timedelta(seconds=60),
        intake_timeout=timedelta(seconds=300),
        idle_seconds=0.05,
    )


async def _interrupt(url: str, engine: Engine, after: int, *, cancel: bool) -> str:
    """A worker on a new batch, stopped (or cancelled) once ``after`` rows are written.

    Returns the batch's id, once ``run`` has returned and no write of it is running.
    """
    database = Database(url)
    try:
        store, batch_id = await _batch(database, engine)
        runner = _runner(store, engine)
        task = asyncio.create_task(runner.run())
        await _until_done(database, batch_id, after)
        if cancel:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        else:
            runner.stop()
            await asyncio.wait_for(task, 60)
        assert _writes() == []  # nothing left running behind run()
        return batch_id
    finally:
        await database.dispose()


def test_a_stopped_worker_finishes_the_chunk_it_writes(engine: Engine, tmp_path: Path) -> None:
    with fresh_database(tmp_path, "stopped") as url:
        migrate.upgrade(url)
        batch_id = asyncio.run(_interrupt(url, engine, 2 * ROWS, cancel=False))
        done = _done_per_chunk(url, batch_id)
        assert done, "nothing was written"
        assert all(count == ROWS for _, count in done)  # each chunk whole, or not at all
        left = sql(url, "SELECT done FROM batches WHERE id = :i", i=batch_id)[0][0]
        assert left == sum(count for _, count in done)  # the counter matches the rows


def test_a_cancelled_worker_leaves_no_write_running(engine: Engine, tmp_path: Path) -> None:
    with fresh_database(tmp_path, "cancelled") as url:
        migrate.upgrade(url)
        batch_id = asyncio.run(_interrupt(url, engine, ROWS, cancel=True))
        done = _done_per_chunk(url, batch_id)
        assert done, "nothing was written"
        assert all(count == ROWS for _, count in done)


def _writes() -> list[asyncio.Task[object]]:
    """The worker's chunk writes still running (the driver may be closing connections)."""
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done() and getattr(task.get_coro(), "__qualname__", "") == "BatchRunner._write"
    ]


async def _until_done(database: Database, batch_id: str, rows: int) -> None:
    """Wait until the worker has written ``rows`` rows of the batch (at most a minute)."""
    async with asyncio.timeout(60):
        while await _done_rows(database, batch_id) < rows:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.01)


async def _done_rows(database: Database, batch_id: str) -> int:
    async with database.begin() as connection:
        found = await connection.execute(
            text("SELECT count(*) FROM batch_items WHERE batch_id = :i AND status = 'done'"),
            {"i": batch_id},
        )
        return int(found.scalar_one())
