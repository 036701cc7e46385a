"""``batna batch``: a whole file through a process pool, no server, results in input order.

The parent reads rows and writes results; each child process compiles its own engine
(durable-rules is per process) and validates and evaluates 500 rows at a time. At most
two chunks per process are in flight, so memory stays flat however long the file is.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, TYPE_CHECKING, Any

import msgspec

from batna.batch.intake import batched, parsed
from batna.batch.report import ReportRows
from batna.batch.results import evaluated_line, failed_line
from batna.engine import Engine
from batna.errors import ValidationFailed

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from batna.schemas.rows import Row

__all__ = ["ChunkDone", "Summary", "run_local"]

_ENGINE: Engine | None = None
_TODAY: dt.date | None = None


class ChunkDone(msgspec.Struct, frozen=True):
    """What a child sends back for one chunk.

    Attributes:
        lines: The result lines, in row order.
        evaluated: (recommendation, scores, fired rule ids) per evaluated row.
        failures: (row, result line) per failed row.
        examples: One message per rule id seen in the chunk.
    """

    lines: bytes
    evaluated: list[tuple[str, dict[str, int], list[str]]]
    failures: list[tuple[int, str]]
    examples: dict[str, str]


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """The end of a local batch.

    Attributes:
        rows: Rows read.
        evaluated: Rows evaluated.
        failed: Rows that failed validation (each has its problem in the output).
        seconds: Wall time.
        tally: Counts for the summary table and the report (one message per rule id).
    """

    rows: int
    evaluated: int
    failed: int
    seconds: float
    tally: ReportRows


def _start(rules_dir: str, ruleset: str | None, today: dt.date) -> None:
    global _ENGINE, _TODAY  # noqa: PLW0603 - one engine per child process, by design
    _ENGINE = Engine.from_path(rules_dir, ruleset)
    _TODAY = today


def _work(rows: list[Row]) -> ChunkDone:
    engine = _ENGINE
    if engine is None:  # pragma: no cover - the pool's initializer always runs first
        raise RuntimeError("worker not initialised")
    lines: list[bytes] = []
    evaluated: list[tuple[str, dict[str, int], list[str]]] = []
    failures: list[tuple[int, str]] = []
    examples: dict[str, str] = {}
    for row in rows:
        checked = parsed(engine, row)
        if isinstance(checked, ValidationFailed):
            line = failed_line(row.index, checked)
            failures.append((row.index, line.decode()))
            lines.append(line)
            continue
        evaluation = engine.evaluate(checked, today=_TODAY)
        item = evaluated_line(row.index, evaluation)
        lines.append(item.result)
        scores = {
            "leverage_strength": item.leverage_strength,
            "relationship_risk": item.relationship_risk,
            "readiness": item.readiness,
        }
        evaluated.append((item.overall_recommendation, scores, item.fired_rules))
        for rule in evaluation.fired_rules:
            examples.setdefault(rule.id, rule.message)
    return ChunkDone(b"".join(line + b"\n" for line in lines), evaluated, failures, examples)


class _Progress:
    """A one-line progress bar on stderr: rows, rate, time left."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total, self.stream, self.started, self.shown = total, stream, time.monotonic(), 0.0

    def update(self, done: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.shown < 0.2:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        share = done / self.total if self.total else 1.0
        left = (self.total - done) / rate if rate and self.total > done else 0.0
        bar = "█" * int(share * 30)
        self.stream.write(
            f"\r{bar:<30} {done:>7}/{self.total} rows  {rate:7.0f} rows/s  {left:5.0f} s left"
        )
        if final:
            self.stream.write("\n")
        self.stream.flush()


def run_local(  # noqa: PLR0913 - keyword-only options of one command
    rows: Iterable[Row],
    out: IO[bytes],
    *,
    rules_dir: Path,
    ruleset: str | None,
    processes: int | None = None,
    expected_rows: int = 0,
    progress: IO[str] | None = sys.stderr,
) -> Summary:
    """Evaluate ``rows`` with a pool of ``processes`` (default: every core) into ``out``."""
    workers = processes or os.cpu_count() or 1
    today = dt.datetime.now(dt.UTC).date()
    tally = ReportRows()
    bar = _Progress(expected_rows, progress) if progress is not None else None
    started = time.monotonic()
    done = evaluated = failed = 0
    in_flight: deque[Future[ChunkDone]] = deque()

    def drain_one() -> None:
        nonlocal done, evaluated, failed
        result = in_flight.popleft().result()
        out.write(result.lines)
        for recommendation, scores, fired in result.evaluated:
            tally.add(recommendation, scores, fired)
        for row, line in result.failures:
            tally.fail(row, line)
        for rule_id, message in result.examples.items():
            tally.examples.setdefault(rule_id, message)
        evaluated += len(result.evaluated)
        failed += len(result.failures)
        done += len(result.evaluated) + len(result.failures)
        if bar is not None:
            bar.update(done)

    init: tuple[Any, ...] = (str(rules_dir), ruleset, today)
    with ProcessPoolExecutor(workers, initializer=_start, initargs=init) as pool:
        for chunk in batched(rows):
            in_flight.append(pool.submit(_work, chunk))
            if len(in_flight) >= 2 * workers:
                drain_one()
        while in_flight:
            drain_one()
    if bar is not None:
        bar.total = max(bar.total, done)
        bar.update(done, final=True)
    return Summary(
        rows=done,
        evaluated=evaluated,
        failed=failed,
        seconds=time.monotonic() - started,
        tally=tally,
    )
