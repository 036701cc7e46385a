"""Batch jobs in the database: upload in chunks, claim chunks with leases, write results once.

Chunks are claimed with leases (``batna.store.leases``, shared with impact analyses). A
chunk's results, its ``done`` mark and the batch counter are one transaction, committed
only if the worker still holds the chunk: a worker that lost its lease writes nothing, so
a restart neither loses nor duplicates a row.

An upload whose server died mid-intake stays ``receiving``; once older than the intake
timeout it is expired (``expire_uploads``: rows erased, batch ``failed``), by the workers'
periodic sweep and by ``batna db purge``, which also erases finished batches past the
retention period (``purge``).

An upload with an ``Idempotency-Key`` creates its batch and the key's row in one
transaction (``open``): of two concurrent uploads with one key, one insert wins the key's
primary key and the other waits for that batch's intake to end, then answers with it.
"""

from __future__ import annotations

import asyncio
import hmac
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final, Protocol

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from batna.errors import IdempotencyKeyReused, NotFound, StoreUnavailable
from batna.schemas.batches import (
    BatchCounts,
    BatchItemIn,
    BatchItemResult,
    BatchPage,
    BatchState,
    BatchStatus,
    Claim,
)
from batna.store.ids import new_id
from batna.store.leases import ChunkLeases, LeaseLost
from batna.store.repository import IDEMPOTENCY_WINDOW
from batna.store.tables import batch_chunks, batch_idempotency_keys, batch_items, batches
from batna.store.webhooks import emit

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence

    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncConnection

    from batna.schemas.records import Principal
    from batna.store.database import Database

__all__ = ["BatchStore", "Tallies"]

_KEY_POLL: Final = 0.1  # seconds between looks at an earlier upload with the same key

# One evaluated row settled: one statement, run once per chunk with a row's values each
# (an executemany). A statement built per row cost SQLAlchemy ~0.5 ms each to construct
# and compile, four times the evaluation itself.
_SETTLE: Final = (
    update(batch_items)
    .where(
        batch_items.c.batch_id == bindparam("b_batch"),
        batch_items.c.row == bindparam("b_row"),
        batch_items.c.status == "pending",
    )
    .values(
        status="done",
        situation=None,  # held only until evaluated (gender included)
        result=bindparam("b_result"),
        overall_recommendation=bindparam("b_recommendation"),
        leverage_strength=bindparam("b_leverage"),
        relationship_risk=bindparam("b_risk"),
        readiness=bindparam("b_readiness"),
        fired_rules=bindparam("b_fired"),
    )
)


def _utc(moment: datetime) -> datetime:
    """A UTC instant to bind (SQLite keeps no offset, so every stored time is UTC)."""
    return moment.astimezone(UTC)


def _expired() -> StoreUnavailable:
    return StoreUnavailable(
        "The upload took longer than BATNA_INTAKE_TIMEOUT_SECONDS and was expired; send it again."
    )


async def _still_receiving(connection: AsyncConnection, batch_id: str) -> None:
    """Hold the batch (a row lock on PostgreSQL) while a chunk goes in; fail if it expired."""
    held = await connection.execute(
        update(batches)
        .where(batches.c.id == batch_id, batches.c.status == "receiving")
        .values(status="receiving")
    )
    if held.rowcount != 1:
        raise _expired()


def _read(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _status(row: Row[tuple[object, ...]]) -> BatchStatus:
    """A batch's row as the client sees it: counts, progress, timings, links."""
    now = datetime.now(UTC)
    started, finished = _read(row.started_at), _read(row.finished_at)
    elapsed = None if started is None else ((finished or now) - started).total_seconds()
    settled = row.done + row.invalid
    return BatchStatus(
        id=row.id,
        status=row.status,
        format=row.format,
        counts=BatchCounts(
            total=row.total,
            done=row.done,
            failed=row.invalid,
            pending=max(row.total - settled, 0),
        ),
        progress=round(settled / row.total, 4) if row.total else 1.0,
        created_at=_read(row.created_at) or now,
        started_at=started,
        finished_at=finished,
        elapsed_seconds=None if elapsed is None else round(elapsed, 3),
        rows_per_second=round(row.done / elapsed, 1) if elapsed else None,
        results=f"/v1/batches/{row.id}/results",
        report=f"/v1/batches/{row.id}/report",
        ruleset=row.ruleset,
    )


async def _announce(connection: AsyncConnection, batch_id: str) -> None:
    """Queue ``batch.completed`` in the transaction that finishes the batch (the outbox)."""
    row = (await connection.execute(select(batches).where(batches.c.id == batch_id))).one()
    await emit(connection, row.tenant_id, "batch.completed", _status(row))


class Tallies(Protocol):
    """What the report counts a batch's rows into (``batna.batch.report.ReportRows``)."""

    def add(
        self, recommendation: str, scores: dict[str, int], fired: list[str], result: str
    ) -> None:
        """Count one evaluated row (``result`` is its result line)."""

    def fail(self, row: int, result: str) -> None:
        """Count one row that failed validation."""


class BatchStore:
    """Batches of one database, scoped by tenant for clients, unscoped for workers."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._leases = ChunkLeases(database, batches, batch_chunks, "batch_id")

    async def create(
        self, principal: Principal, fmt: str, idempotency: tuple[str, str] | None = None
    ) -> str:
        """A new batch in state ``receiving``, holding ``idempotency`` (key, request hash).

        Raises:
            IntegrityError: The tenant holds that key already (``open`` handles it).
        """
        batch_id = new_id()
        now = datetime.now(UTC)
        async with self._db.begin() as connection:
            await connection.execute(
                insert(batches).values(
                    id=batch_id,
                    tenant_id=principal.tenant_id,
                    created_at=now,
                    format=fmt,
                    status="receiving",
                    total=0,
                    invalid=0,
                    done=0,
                )
            )
            if idempotency is not None:
                key, request_sha256 = idempotency
                await connection.execute(
                    insert(batch_idempotency_keys).values(
                        tenant_id=principal.tenant_id,
                        key=key,
                        request_sha256=request_sha256,
                        batch_id=batch_id,
                        created_at=now,
                    )
                )
        return batch_id

    async def open(
        self, principal: Principal, fmt: str, idempotency: tuple[str, str] | None = None
    ) -> tuple[str, bool]:
        """The batch to receive this upload into: (id, replayed).

        Without ``idempotency``, a new batch. With (key, request hash): the batch an
        earlier upload made with that key within 24 hours (``replayed``) once its intake
        has ended, else a new batch holding the key. An upload that was refused or cut off
        holds no key, so its retry is received afresh.

        Raises:
            IdempotencyKeyReused: The key was first used with a different upload.
        """
        while True:
            if idempotency is not None:
                earlier = await self._keyed(principal, *idempotency)
                if earlier == "receiving":
                    await asyncio.sleep(_KEY_POLL)  # the request timeout bounds the wait
                    continue
                if earlier is not None:
                    return earlier, True
            try:
                return await self.create(principal, fmt, idempotency), False
            except IntegrityError:
                if idempotency is None:
                    raise
                # Another upload took the key meanwhile: look at its batch.

    async def _keyed(self, principal: Principal, key: str, request_sha256: str) -> str | None:
        """The id of the batch ``key`` made, ``"receiving"`` while its intake runs, or None.

        A key older than 24 hours, or whose batch failed, is released here.

        Raises:
            IdempotencyKeyReused: The key was first used with a different upload.
        """
        query = (
            select(
                batch_idempotency_keys.c.request_sha256,
                batch_idempotency_keys.c.created_at,
                batches.c.id,
                batches.c.status,
            )
            .join(batches, batches.c.id == batch_idempotency_keys.c.batch_id)
            .where(
                batch_idempotency_keys.c.tenant_id == principal.tenant_id,
                batch_idempotency_keys.c.key == key,
            )
        )
        oldest = datetime.now(UTC) - IDEMPOTENCY_WINDOW
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
            if row is None:
                return None
            if row.status == "failed" or (_read(row.created_at) or oldest) <= oldest:
                await connection.execute(
                    delete(batch_idempotency_keys).where(
                        batch_idempotency_keys.c.tenant_id == principal.tenant_id,
                        batch_idempotency_keys.c.key == key,
                        batch_idempotency_keys.c.batch_id == row.id,
                    )
                )
                return None
        if not hmac.compare_digest(row.request_sha256, request_sha256):
            raise IdempotencyKeyReused(
                "This Idempotency-Key was first used with a different upload; "
                "use a new key for a new batch."
            )
        return "receiving" if row.status == "receiving" else str(row.id)

    async def expire_keys(self, now: datetime) -> int:
        """Delete the batch idempotency keys older than 24 hours at ``now``; how many."""
        cutoff = _utc(now - IDEMPOTENCY_WINDOW)
        async with self._db.begin() as connection:
            gone = await connection.execute(
                delete(batch_idempotency_keys).where(batch_idempotency_keys.c.created_at < cutoff)
            )
        return gone.rowcount

    async def add_chunk(self, batch_id: str, chunk: int, items: list[BatchItemIn]) -> None:
        """Store one chunk of received rows (valid ones to evaluate, invalid ones settled).

        Raises:
            StoreUnavailable: The upload was expired meanwhile (nothing of it is kept).
        """
        pending = any(item.situation is not None for item in items)
        async with self._db.begin() as connection:
            await _still_receiving(connection, batch_id)
            await connection.execute(
                insert(batch_items),
                [
                    {
                        "batch_id": batch_id,
                        "row": item.row,
                        "chunk": chunk,
                        "status": "pending" if item.situation is not None else "invalid",
                        "situation": None if item.situation is None else item.situation.decode(),
                        "result": None if item.problem is None else item.problem.decode(),
                    }
                    for item in items
                ],
            )
            await connection.execute(
                insert(batch_chunks).values(
                    batch_id=batch_id,
                    chunk=chunk,
                    status="pending" if pending else "done",
                    attempts=0,
                )
            )

    async def finish_upload(
        self, batch_id: str, total: int, invalid: int, *, ruleset: str | None = None
    ) -> None:
        """Open the batch to workers (or close it, if nothing is left to evaluate).

        ``ruleset`` (``name@version``) is what its rows are evaluated with, by whichever
        worker claims them, after a restart too; None leaves it to each worker's default.
        """
        status = "queued" if total > invalid else "done"
        now = datetime.now(UTC)
        async with self._db.begin() as connection:
            opened = await connection.execute(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.status == "receiving")
                .values(
                    status=status,
                    total=total,
                    invalid=invalid,
                    finished_at=now if status == "done" else None,
                    ruleset=ruleset,
                )
            )
            if opened.rowcount != 1:
                raise _expired()
            if status == "done":
                await _announce(connection, batch_id)

    async def expire_uploads(self, older_than: datetime) -> int:
        """Fail the uploads still ``receiving`` that began before ``older_than``.

        A live intake never lasts that long (the request time bound ends it first), so
        such a batch lost its server mid-upload: no one holds its id, no worker will
        claim it. Its rows (situations, opted-in gender included) are erased; the batch
        stays, ``failed`` with nothing in it, until ``purge`` removes it.

        Returns:
            How many uploads were expired.
        """
        query = select(batches.c.id).where(
            batches.c.status == "receiving", batches.c.created_at < _utc(older_than)
        )
        async with self._db.begin() as connection:
            stuck = list((await connection.execute(query)).scalars())
        expired = 0
        for batch_id in stuck:
            async with self._db.begin() as connection:
                # The guard an intake checks before each chunk: whichever commits first wins.
                failed = await connection.execute(
                    update(batches)
                    .where(batches.c.id == batch_id, batches.c.status == "receiving")
                    .values(status="failed", finished_at=datetime.now(UTC))
                )
                if failed.rowcount != 1:
                    continue  # finished, or expired by another worker, meanwhile
                for table in (batch_items, batch_chunks):
                    await connection.execute(delete(table).where(table.c.batch_id == batch_id))
            expired += 1
        return expired

    async def purge(self, older_than: datetime) -> int:
        """Erase batches that finished (``done`` or ``failed``) before ``older_than``.

        Each goes with its rows and results, one batch per transaction.

        Returns:
            How many batches were erased.
        """
        query = select(batches.c.id).where(
            batches.c.status.in_(("done", "failed")), batches.c.finished_at < _utc(older_than)
        )
        async with self._db.begin() as connection:
            finished = list((await connection.execute(query)).scalars())
        for batch_id in finished:
            async with self._db.begin() as connection:
                await self._erase(connection, batch_id)
        return len(finished)

    async def discard(self, batch_id: str) -> None:
        """Drop a batch whose upload was refused (too many rows, bad header …)."""
        async with self._db.begin() as connection:
            await self._erase(connection, batch_id)

    async def _erase(self, connection: AsyncConnection, batch_id: str) -> None:
        for table in (batch_items, batch_chunks, batch_idempotency_keys):
            await connection.execute(delete(table).where(table.c.batch_id == batch_id))
        await connection.execute(delete(batches).where(batches.c.id == batch_id))

    async def status(self, principal: Principal, batch_id: str) -> BatchStatus:
        """Counts, progress and timings of one of the tenant's batches."""
        return _status(await self._owned(principal, batch_id))

    async def page(
        self,
        principal: Principal,
        *,
        limit: int,
        before_id: str | None = None,
        status: BatchState | None = None,
    ) -> BatchPage:
        """The tenant's batches newest first, ``limit`` at a time, from before ``before_id``."""
        where = [batches.c.tenant_id == principal.tenant_id]
        if before_id is not None:
            where.append(batches.c.id < before_id)
        if status is not None:
            where.append(batches.c.status == status)
        query = select(batches).where(*where).order_by(batches.c.id.desc()).limit(limit + 1)
        async with self._db.begin() as connection:
            rows = (await connection.execute(query)).all()
        items = [_status(row) for row in rows[:limit]]
        return BatchPage(items=items, next_cursor=items[-1].id if len(rows) > limit else None)

    async def _owned(self, principal: Principal, batch_id: str) -> Row[tuple[object, ...]]:
        query = select(batches).where(
            batches.c.id == batch_id, batches.c.tenant_id == principal.tenant_id
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFound(f"No batch {batch_id} for this API key's tenant.")
        return row

    async def delete(self, principal: Principal, batch_id: str) -> None:
        """Cancel and erase one of the tenant's batches (workers drop its chunks)."""
        await self._owned(principal, batch_id)
        async with self._db.begin() as connection:
            await self._erase(connection, batch_id)

    async def claim(
        self, worker: str, lease: timedelta, rulesets: Sequence[str] | None = None
    ) -> Claim | None:
        """Take the oldest claimable chunk: pending, or claimed with an expired lease.

        With ``rulesets`` (the ``name@version`` this worker has loaded), only chunks of
        batches that run with one of them, or with the default: a batch whose version this
        worker lacks waits for a worker that has it.
        """
        where: tuple[ColumnElement[bool], ...] = ()
        if rulesets is not None:
            where = (or_(batches.c.ruleset.is_(None), batches.c.ruleset.in_(rulesets)),)
        held = await self._leases.claim(worker, lease, *where)
        if held is None:
            return None
        async with self._db.begin() as connection:
            ruleset = (
                await connection.execute(
                    select(batches.c.ruleset).where(batches.c.id == held.job_id)
                )
            ).scalar_one_or_none()
        return Claim(
            batch_id=held.job_id,
            chunk=held.chunk,
            lease_until=held.until,
            today=held.created_at.date(),
            ruleset=ruleset,
        )

    async def pending_rows(self, claim: Claim) -> list[tuple[int, str]]:
        """The rows of a claimed chunk still to evaluate: (row, situation JSON)."""
        query = (
            select(batch_items.c.row, batch_items.c.situation)
            .where(
                batch_items.c.batch_id == claim.batch_id,
                batch_items.c.chunk == claim.chunk,
                batch_items.c.status == "pending",
            )
            .order_by(batch_items.c.row)
        )
        async with self._db.begin() as connection:
            return [(r.row, r.situation) for r in (await connection.execute(query)).all()]

    async def complete(self, claim: Claim, worker: str, results: list[BatchItemResult]) -> bool:
        """Write a chunk's results, once: False (nothing written) if the lease was lost."""
        try:
            await self._complete(claim, worker, results)
        except LeaseLost:
            return False
        return True

    async def _complete(self, claim: Claim, worker: str, results: list[BatchItemResult]) -> None:
        async with self._db.begin() as connection:
            await self._leases.hold(
                connection, claim.batch_id, claim.chunk, worker, claim.lease_until
            )
            if results:
                await connection.execute(
                    _SETTLE,
                    [
                        {
                            "b_batch": claim.batch_id,
                            "b_row": item.row,
                            "b_result": item.result.decode(),
                            "b_recommendation": item.overall_recommendation,
                            "b_leverage": item.leverage_strength,
                            "b_risk": item.relationship_risk,
                            "b_readiness": item.readiness,
                            "b_fired": " ".join(item.fired_rules),
                        }
                        for item in results
                    ],
                )
            await connection.execute(
                update(batches)
                .where(batches.c.id == claim.batch_id)
                .values(done=batches.c.done + len(results))
            )
            if await self._leases.close_if_done(connection, claim.batch_id):
                await _announce(connection, claim.batch_id)

    async def results(
        self, principal: Principal, batch_id: str, after: int, page: int = 1000
    ) -> AsyncIterator[tuple[int, str]]:
        """Settled rows after ``after`` in input order, stopping at the first unsettled one."""
        await self._owned(principal, batch_id)
        expected = after + 1
        while True:
            query = (
                select(batch_items.c.row, batch_items.c.result, batch_items.c.status)
                .where(batch_items.c.batch_id == batch_id, batch_items.c.row >= expected)
                .order_by(batch_items.c.row)
                .limit(page)
            )
            async with self._db.begin() as connection:
                rows = (await connection.execute(query)).all()
            for row in rows:
                if row.status == "pending" or row.row != expected:
                    return
                yield row.row, row.result
                expected += 1
            if len(rows) < page:
                return

    async def tally(self, principal: Principal, batch_id: str, into: Tallies) -> BatchStatus:
        """Count every finished row ``into`` the report, in pages (never the whole batch)."""
        status = await self.status(principal, batch_id)
        last = -1
        while True:
            query = (
                select(
                    batch_items.c.row,
                    batch_items.c.status,
                    batch_items.c.result,
                    batch_items.c.overall_recommendation,
                    batch_items.c.leverage_strength,
                    batch_items.c.relationship_risk,
                    batch_items.c.readiness,
                    batch_items.c.fired_rules,
                )
                .where(
                    batch_items.c.batch_id == batch_id,
                    batch_items.c.row > last,
                    batch_items.c.status != "pending",
                )
                .order_by(batch_items.c.row)
                .limit(5000)
            )
            async with self._db.begin() as connection:
                rows = (await connection.execute(query)).all()
            for row in rows:
                if row.status == "done":
                    into.add(
                        row.overall_recommendation,
                        {
                            "leverage_strength": row.leverage_strength,
                            "relationship_risk": row.relationship_risk,
                            "readiness": row.readiness,
                        },
                        row.fired_rules.split(),
                        row.result,
                    )
                else:
                    into.fail(row.row, row.result)
            if len(rows) < 5000:
                return status
            last = rows[-1].row
