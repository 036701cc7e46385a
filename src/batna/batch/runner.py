"""The chunk worker each server process runs: claim, evaluate, write once, repeat.

Evaluation runs in a thread (the engine serialises calls itself), so the event loop
keeps answering requests while a chunk is evaluated, with the ruleset version its batch
names (a worker claims only batches whose version it has loaded). Between chunks, at most
every minute, the worker also expires uploads cut off mid-intake (``BatchStore.expire_uploads``):
their rows, kept situations included, are erased once older than the intake timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final, Protocol

import msgspec

from batna.batch.results import evaluated_line
from batna.errors import StoreUnavailable
from batna.schemas.situation import Situation
from batna.store import new_id

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from datetime import date, timedelta

    from batna.engine import Engine, Rulesets
    from batna.schemas.batches import BatchItemResult, Claim
    from batna.schemas.evaluation import Evaluation
    from batna.store import BatchStore

__all__ = ["BatchRunner", "ChunkJob"]

_SITUATION: Final = msgspec.json.Decoder(Situation)
_LOG: Final = logging.getLogger("batna.batch")


class ChunkJob(Protocol):
    """Another kind of leased job the worker does when no batch chunk waits (impact analyses)."""

    async def step(self, worker: str) -> bool:
        """Do one chunk as ``worker``; False when there was none to claim."""


class BatchRunner:
    """Works through claimable chunks until stopped, sweeping stale uploads between them.

    Attributes:
        worker: This worker's id (host, process and a random suffix), kept on its claims.
        wake: Set when an upload finishes, so an idle worker starts at once.
        intake_timeout: Age at which an upload still ``receiving`` is expired.
        sweep_seconds: Time between sweeps (a quarter of the timeout, at most a minute).
        jobs: Other leased jobs, tried in order when no batch chunk waits.
    """

    def __init__(  # noqa: PLR0913 - the settings after * are keyword-only
        self,
        store: BatchStore,
        rulesets: Rulesets,
        *,
        lease: timedelta,
        intake_timeout: timedelta,
        idle_seconds: float = 1.0,
        observe: Callable[[Evaluation, float], None] | None = None,
        jobs: Sequence[ChunkJob] = (),
    ) -> None:
        self.store = store
        self.rulesets = rulesets
        self.lease = lease
        self.intake_timeout = intake_timeout
        self.sweep_seconds = min(60.0, intake_timeout.total_seconds() / 4)
        self.idle_seconds = idle_seconds
        self.observe = observe
        self.jobs = tuple(jobs)
        self.worker = f"{socket.gethostname()[:30]}:{os.getpid()}:{new_id()[-8:]}"
        self.wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._writing: asyncio.Task[None] | None = None

    def stop(self) -> None:
        """Finish the chunk in hand, then return from ``run``.

        Cancelling ``run`` instead could cut a statement short: on SQLite the driver's
        thread would then answer a loop that shutdown has already closed.
        """
        self._stopping.set()
        self.wake.set()

    async def sweep(self) -> int:
        """Expire uploads cut off mid-intake (their rows erased); how many there were."""
        expired = await self.store.expire_uploads(datetime.now(UTC) - self.intake_timeout)
        if expired:
            _LOG.warning(
                "expired %d upload(s) left receiving for over %d s (server stopped mid-intake)",
                expired,
                self.intake_timeout.total_seconds(),
            )
        return expired

    async def run(self) -> None:
        """Claim and evaluate chunks until ``stop`` is called.

        Cancelled instead (a stop that overran), it cancels the write in flight as well and
        returns once that has ended: nothing is left running on a database about to be
        closed, and the chunk's lease hands it over.
        """
        try:
            await self._run()
        finally:
            writing, self._writing = self._writing, None
            if writing is not None:
                writing.cancel()
                await asyncio.gather(writing, return_exceptions=True)  # until it has ended

    async def _run(self) -> None:
        next_sweep = 0.0
        while not self._stopping.is_set():
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + self.sweep_seconds
                try:
                    await self.sweep()
                except StoreUnavailable:
                    pass  # the next sweep tries again
                except Exception:  # noqa: BLE001 - a bug must not stop the worker
                    _LOG.exception("batch worker %s failed to sweep uploads", self.worker)
            worked = await self._attempt(self.step())
            if not worked and not self._stopping.is_set():
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), self.idle_seconds)
        await self._attempt(self.flush())

    async def _attempt(self, work: Awaitable[bool | None]) -> bool:
        """``work``'s answer, or False if it failed: logged, never raised.

        A bug must not stop the worker; a chunk left unwritten is claimed again once its
        lease runs out.
        """
        try:
            return bool(await work)
        except StoreUnavailable:
            return False
        except Exception:  # noqa: BLE001
            _LOG.exception("batch worker %s failed on a chunk", self.worker)
            return False

    async def flush(self) -> None:
        """Wait for the chunk being written (raising what its write raised)."""
        writing, self._writing = self._writing, None
        if writing is not None:
            await writing

    async def step(self) -> bool:
        """Do one chunk (a batch's first, else another job's); False when there was none.

        A batch chunk's results are written while the next chunk is evaluated (``flush``
        waits for them): the database's work, on another core, overlaps the evaluation.
        """
        if await self._batch_step():
            return True
        await self.flush()
        for job in self.jobs:
            if await job.step(self.worker):
                return True
        return False

    async def _batch_step(self) -> bool:
        loaded = [engine.tag for engine in self.rulesets.loaded()]
        claim = await self.store.claim(self.worker, self.lease, loaded)
        if claim is None:
            return False
        rows = await self.store.pending_rows(claim)
        engine = self.rulesets.get(claim.ruleset)
        results = await asyncio.to_thread(self._evaluate, engine, rows, claim.today)
        try:
            await self.flush()  # one write at a time, in order
        except Exception:
            self._writing = asyncio.create_task(self._write(claim, results))  # not lost with it
            raise
        self._writing = asyncio.create_task(self._write(claim, results))
        return True

    async def _write(self, claim: Claim, results: list[BatchItemResult]) -> None:
        if not await self.store.complete(claim, self.worker, results):
            _LOG.warning("chunk %s/%s was taken over; results dropped", claim.batch_id, claim.chunk)

    def _evaluate(
        self, engine: Engine, rows: list[tuple[int, str]], today: date
    ) -> list[BatchItemResult]:
        out = []
        for row, text in rows:
            started = time.perf_counter()
            evaluation = engine.evaluate(_SITUATION.decode(text), today=today)
            if self.observe is not None:
                self.observe(evaluation, time.perf_counter() - started)
            out.append(evaluated_line(row, evaluation))
        return out
