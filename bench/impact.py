"""Impact analysis throughput: stored decisions replayed against a candidate, one worker.

Usage: .venv/bin/python bench/impact.py [--records 100000] [--database sqlite|postgresql]

Seeds the records with bulk inserts (tests/decisions.py: random situations, evaluated
in-process as of their day), then prints one table, all in this process on one core:
- the engine's in-process rate: Engine.evaluate on already-parsed situations (the reference),
- `batna impact`'s path (batna.batch.impact.analyse over the store, pages of 1,000),
- the server's leased path (ImpactJob.step until the analysis is done: claim a chunk,
  replay it, write its tally and changes under the lease),
each in records per second and as a share of the engine's rate (target: at least 0.5).
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import asyncio
import random
import resource
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from tests.candidates import candidate_bundle
from tests.decisions import seed_decisions
from tests.situations import random_situation

from batna.batch.impact import ImpactJob, analyse
from batna.engine import Engine, Rulesets
from batna.schemas.impact import DecisionScope
from batna.schemas.records import Principal
from batna.store import Database, ImpactStore, migrate

RULES = ROOT / "rules"
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"


def engine_rate(engine: Engine, seconds: float = 5.0) -> float:
    rng = random.Random(7)
    situations = [engine.parse(random_situation(rng)) for _ in range(500)]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for situation in situations:
            engine.evaluate(situation)
        done += len(situations)
    return done / (time.perf_counter() - started)


async def _pg(statement: str) -> None:
    admin = create_async_engine(f"{PG}/test", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(statement))
    await admin.dispose()


async def cli_path(url: str, engine: Engine) -> tuple[float, int, int]:
    database = Database(url)
    try:
        started = time.perf_counter()
        summary, _ = await analyse(ImpactStore(database), engine, DecisionScope())
        seconds = time.perf_counter() - started
    finally:
        await database.dispose()
    return seconds, summary.evaluated + summary.skipped, summary.changed


async def job_path(url: str, rulesets: Rulesets, tag: str) -> tuple[float, int, int]:
    database = Database(url)
    store = ImpactStore(database)
    try:
        async with database.begin() as connection:
            tenant_id = (
                await connection.execute(text("SELECT id FROM tenants WHERE name = 'bench'"))
            ).scalar_one()
        who = Principal(tenant_id=tenant_id, tenant="bench", key_id="bench")
        started = time.perf_counter()
        analysis_id = await store.create(who, tag, None, None)
        job = ImpactJob(store, rulesets, timedelta(seconds=60))
        while await job.step("bench-worker"):
            pass
        seconds = time.perf_counter() - started
        row = await store.analysis(who, analysis_id)
    finally:
        await database.dispose()
    if row.status != "done":
        raise SystemExit(f"the analysis is {row.status}, not done")
    return seconds, row.tally.evaluated + row.tally.skipped, row.tally.changed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="batna-impact-bench-"))
    if args.database == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    else:
        name = f"batna_impact_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
        url = f"{PG}/{name}"
    try:
        migrate.upgrade(url)
        active = Engine.from_path(RULES)
        started = time.perf_counter()
        seed_decisions(url, "bench", args.records, active, unique=1000)
        seeded = time.perf_counter() - started
        candidate = candidate_bundle(folder / "candidate")
        rulesets = Rulesets.load(RULES, [candidate])
        engine = rulesets.get("negotiation@1.1.1")
        reference = engine_rate(engine)
        cli_seconds, cli_count, cli_changed = asyncio.run(cli_path(url, engine))
        job_seconds, job_count, job_changed = asyncio.run(
            job_path(url, rulesets, "negotiation@1.1.1")
        )
        if not cli_count == job_count == args.records or cli_changed != job_changed:
            raise SystemExit(f"paths disagree: {cli_count, job_count, cli_changed, job_changed}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if args.database == "postgresql":
            asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(
        f"impact analysis, {args.records:,} stored decisions on {args.database} "
        f"(seeded in {seeded:.1f} s; {cli_changed:,} change with LEV-006 at 50%)"
    )
    print(f"{'path':<44}{'records/s':>12}{'× engine':>10}{'seconds':>10}")
    print(f"{'Engine.evaluate in-process (reference)':<44}{reference:>12,.0f}{1.0:>10.2f}{'':>10}")
    for label, seconds in (
        ("batna impact (analyse over the store)", cli_seconds),
        ("server job (ImpactJob, leased chunks)", job_seconds),
    ):
        rate = args.records / seconds
        print(f"{label:<44}{rate:>12,.0f}{rate / reference:>10.2f}{seconds:>10.1f}")
    print(f"peak RSS of this process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
