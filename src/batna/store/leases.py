"""Chunks of a job claimed with leases: the one mechanism batches and impact analyses share.

A job table (``id``, ``status``, ``created_at``, ``started_at``, ``finished_at``) owns a
chunk table (the job's id column, ``chunk``, ``status``, ``lease_until``, ``worker``,
``attempts``). A chunk is claimed by one UPDATE that also sets its lease, choosing among
pending chunks and claimed ones whose lease ran out (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so workers never wait on each other; SQLite has one writer at a time anyway).
A worker writes a chunk's results in the transaction that marks it done, and only if it
still holds the lease (``hold``): a worker that lost its lease writes nothing, so a
restart neither loses nor duplicates work.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import and_, func, or_, select, update

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Table
    from sqlalchemy.ext.asyncio import AsyncConnection

    from batna.store.database import Database

__all__ = ["ChunkLeases", "Held", "LeaseLost"]


class LeaseLost(Exception):
    """Another worker took the chunk over; this one's results are dropped."""


class Held(NamedTuple):
    """A claimed chunk: its job, its number, the lease's end and the job's creation time."""

    job_id: str
    chunk: int
    until: datetime
    created_at: datetime


def _read(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ChunkLeases:
    """Claim, hold and close the chunks of one kind of job."""

    def __init__(self, database: Database, jobs: Table, chunks: Table, job_column: str) -> None:
        self._db = database
        self._jobs = jobs
        self._chunks = chunks
        self._job = chunks.c[job_column]

    def _claimable(self, now: datetime) -> ColumnElement[bool]:
        chunks = self._chunks
        return or_(
            chunks.c.status == "pending",
            and_(chunks.c.status == "claimed", chunks.c.lease_until < now),
        )

    async def claim(
        self, worker: str, lease: timedelta, *where: ColumnElement[bool]
    ) -> Held | None:
        """Take the oldest claimable chunk of a queued or running job (``where`` narrows)."""
        jobs, chunks = self._jobs, self._chunks
        now = datetime.now(UTC)
        candidates = (
            select(self._job.label("job_id"), chunks.c.chunk, jobs.c.created_at)
            .join(jobs, jobs.c.id == self._job)
            .where(jobs.c.status.in_(("queued", "running")), self._claimable(now), *where)
            .order_by(self._job, chunks.c.chunk)
            .limit(1)
        )
        if self._db.dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True, of=chunks)
        async with self._db.begin() as connection:
            found = (await connection.execute(candidates)).first()
            if found is None:
                return None
            until = now + lease
            done = await connection.execute(
                update(chunks)
                .where(self._job == found.job_id, chunks.c.chunk == found.chunk)
                .where(self._claimable(now))
                .values(
                    status="claimed",
                    lease_until=until,
                    worker=worker,
                    attempts=chunks.c.attempts + 1,
                )
            )
            if done.rowcount != 1:  # taken between the select and the update (SQLite)
                return None
            await connection.execute(
                update(jobs)
                .where(jobs.c.id == found.job_id, jobs.c.status == "queued")
                .values(status="running", started_at=now)
            )
        return Held(found.job_id, found.chunk, until, _read(found.created_at))

    async def hold(
        self, connection: AsyncConnection, job_id: str, chunk: int, worker: str, until: datetime
    ) -> None:
        """Mark the chunk done if ``worker`` still holds it (same lease), in ``connection``.

        Raises:
            LeaseLost: It does not: roll the transaction back, write nothing.
        """
        chunks = self._chunks
        held = await connection.execute(
            update(chunks)
            .where(
                self._job == job_id,
                chunks.c.chunk == chunk,
                chunks.c.status == "claimed",
                chunks.c.worker == worker,
                chunks.c.lease_until == until,
            )
            .values(status="done", lease_until=None)
        )
        if held.rowcount != 1:
            raise LeaseLost

    async def close_if_done(self, connection: AsyncConnection, job_id: str) -> bool:
        """Mark the job done when none of its chunks is left; True if it is."""
        left = await connection.execute(
            select(func.count())
            .select_from(self._chunks)
            .where(self._job == job_id, self._chunks.c.status != "done")
        )
        if left.scalar_one() != 0:
            return False
        await connection.execute(
            update(self._jobs)
            .where(self._jobs.c.id == job_id)
            .values(status="done", finished_at=datetime.now(UTC))
        )
        return True
