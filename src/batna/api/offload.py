"""Costly work in a child process: what-if searches and ``:batch`` never hold this process's GIL.

A search or a batch is hundreds of evaluations of pure Python. Run in a thread, it took
the GIL from the event loop that serves every other request, so another tenant's
single evaluation waited behind it (measured: p99 ×4.6 beside 32 what-if callers, even
with a fair engine lock and a short switch interval). Here it runs in a child process
with its own compiled rulesets (the same active and candidate bundles), on another core;
the loop only awaits the answer. ``BATNA_HEAVY_WORKERS`` child processes per server
process; a server process spawns them as it starts (``Offload.start``), an app built
otherwise (tests) on first use; they stop with the app.

The children run ``NICENESS`` steps below the server: on a busy machine the scheduler
serves single evaluations first, and a child compiling its rules while the server starts
cannot delay the server's first requests. A search or batch still gets a share of a
contended core (about a quarter of it against one busy server process), never none.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from batna.api.heap import freeze_heap
from batna.engine import Engine, Rulesets
from batna.errors import ValidationFailed
from batna.problems import problem_for
from batna.schemas.api import BatchItem, BatchProblem, BatchResponse

if TYPE_CHECKING:
    from collections.abc import Callable

    from batna.config import Settings
    from batna.schemas.evaluation import WhatIf
    from batna.schemas.situation import Situation

__all__ = ["NICENESS", "Offload", "evaluate_items"]

NICENESS: Final = 5

_T = TypeVar("_T")
_RULESETS: list[Rulesets] = []  # the child's rulesets, built once by _start


def _start(active: str, candidates: tuple[str, ...], ruleset: str | None) -> None:
    os.nice(NICENESS)
    _RULESETS.append(Rulesets.load(Path(active), [Path(c) for c in candidates], ruleset))
    freeze_heap()


def _ready() -> None:
    """Nothing: submitted at start-up so that a child is spawned and loads its rulesets."""


def _what_if(tag: str, situation: Situation, cap: int) -> WhatIf:
    return _RULESETS[0].get(tag).what_if(situation, cap=cap)


def _batch(tag: str, items: list[Any]) -> tuple[BatchResponse, list[float]]:
    return evaluate_items(_RULESETS[0].get(tag), items)


def evaluate_items(engine: Engine, items: list[Any]) -> tuple[BatchResponse, list[float]]:
    """Validate and evaluate each item on its own; also each evaluation's engine seconds."""
    results: list[BatchItem] = []
    seconds: list[float] = []
    rejected = 0
    for index, item in enumerate(items):
        try:
            situation = engine.parse(item)
            started = time.perf_counter()
            evaluation = engine.evaluate(situation)
            seconds.append(time.perf_counter() - started)
        except ValidationFailed as exc:
            rejected += 1
            found = problem_for(exc)
            problem = BatchProblem(
                type=found.type,
                title=found.title,
                status=found.status,
                error=found.error,
                detail=found.detail,
                details=found.details,
            )
            results.append(BatchItem(index=index, status=422, problem=problem))
        else:
            results.append(BatchItem(index=index, status=200, evaluation=evaluation))
    response = BatchResponse(results=results, evaluated=len(items) - rejected, rejected=rejected)
    return response, seconds


class Offload:
    """A pool of child processes, each with its own compiled rulesets.

    The parent names the version (``Engine.tag``, already resolved and checked), the child
    evaluates with its own compilation of it.
    """

    def __init__(self, settings: Settings) -> None:
        """Prepare (but do not start) ``settings.heavy_workers`` children."""
        self._args = (
            str(settings.rules_dir),
            tuple(str(path) for path in settings.candidate_bundles),
            settings.ruleset,
        )
        self._workers = settings.heavy_workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                # spawn, not fork: the server process runs an event loop and threads.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=self._args,
            )
        return self._pool

    def start(self) -> None:
        """Spawn the children now; they load their rulesets while the server starts.

        Otherwise the first search or batch after a start waited for a child to import
        batna and compile the rules: 1.4 s on an idle machine here, and past wrk's 2 s
        timeout under load (seen in bench/http.py with 2 workers). Nothing waits here:
        each submit spawns one child while none is idle yet.
        """
        pool = self._executor()
        for _ in range(self._workers):
            pool.submit(_ready)

    async def _run(self, function: Callable[..., _T], *args: object) -> _T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), function, *args)
        except BrokenProcessPool:
            self.close()  # a child died (killed, or out of memory): start afresh, once
            return await loop.run_in_executor(self._executor(), function, *args)

    async def what_if(self, engine: Engine, situation: Situation, cap: int) -> WhatIf:
        """``engine.what_if`` in a child process (with its copy of that version)."""
        return await self._run(_what_if, engine.tag, situation, cap)

    async def batch(self, engine: Engine, items: list[Any]) -> tuple[BatchResponse, list[float]]:
        """``evaluate_items`` with ``engine``'s version in a child process."""
        return await self._run(_batch, engine.tag, items)

    def close(self) -> None:
        """Stop the children (running work is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
