"""Group commit: the writes of concurrent requests share one transaction.

A stored evaluation is a few hundred microseconds of work and one transaction; on one
SQLite connection (or a handful of PostgreSQL ones) the transactions, not the work, set
the pace: measured, 51 stored POSTs/s at 16 connections. Here every write that arrives
while a transaction is open waits for the next one, which takes them all: no timer, so
a lone request is written at once, and under load each transaction carries as many
records as arrived during the last. Each caller still returns only after the
transaction that holds its record has committed, so a 201 is never sent for a record a
crash could lose.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = ["GroupCommit", "Refused"]

T = TypeVar("T")
R = TypeVar("R")

# One writer's items and what each caller is waiting for.
_Waiting = list[tuple[T, "asyncio.Future[R]"]]


class Refused(Exception):
    """Raised by a writer to roll its transaction back and refuse some items.

    The transaction is retried without them; each of them gets its own error.
    """

    def __init__(self, refusals: dict[int, BaseException]) -> None:
        """``refusals``: index in the batch → the error that caller receives."""
        super().__init__(f"{len(refusals)} item(s) refused")
        self.refusals = refusals


class GroupCommit(Generic[T, R]):
    """Collects items from concurrent callers and writes them, a batch per transaction."""

    def __init__(
        self,
        write: Callable[[list[T]], Awaitable[list[R | BaseException]]],
        *,
        limit: int = 256,
    ) -> None:
        """Write through ``write``, at most ``limit`` items per transaction.

        ``write`` writes one batch in one transaction of its own and returns each item's
        outcome: a result, or the error its caller gets. It raises ``Refused`` to roll
        the transaction back and refuse some items.
        """
        self._write = write
        self._limit = limit
        self._queue: _Waiting[T, R] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """``item``'s outcome once its transaction has committed; raise what it raised."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._writer is None:
            # Its own task: a caller that disconnects must not cancel the others' commit.
            self._writer = asyncio.create_task(self._drain(), name="batna-group-commit")
        return await future

    async def _drain(self) -> None:
        batch: _Waiting[T, R] = []
        try:
            while self._queue:
                batch = self._queue[: self._limit]
                del self._queue[: self._limit]
                await self._commit(batch)
        except BaseException as error:  # cancelled at shutdown: no caller may wait forever
            for _, future in [*batch, *self._queue]:
                if not future.done():
                    future.set_exception(error)
            self._queue.clear()
            raise
        finally:
            self._writer = None

    async def _commit(self, batch: _Waiting[T, R]) -> None:
        """One transaction for ``batch``; refused items leave it and the rest is retried."""
        while batch:
            try:
                items = [item for item, _ in batch]
                outcomes = await self._write(items)
            except Refused as refused:
                if not refused.refusals:
                    msg = "a writer refused no item"
                    raise RuntimeError(msg) from refused
                kept: _Waiting[T, R] = []
                for index, (item, future) in enumerate(batch):
                    error = refused.refusals.get(index)
                    if error is None:
                        kept.append((item, future))
                    elif not future.done():
                        future.set_exception(error)
                batch = kept
                continue
            except Exception as error:  # noqa: BLE001 - every caller gets the store's answer
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                return
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
            return
