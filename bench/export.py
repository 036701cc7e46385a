"""Decision export throughput and the server's memory: GET /v1/evaluations:export over HTTP.

Usage: .venv/bin/python bench/export.py [--records 20000 100000] [--database sqlite|postgresql]

For each size: a fresh database seeded with bulk inserts (tests/decisions.py: random
situations, evaluated in-process, one in ten without its situation), one ``batna serve``
(one process), and one export read over HTTP on 127.0.0.1 and thrown away line by line.
Prints records per second (wall clock, and per CPU second of the server, which other load
on the machine does not skew), MB per second, and the server's resident memory from
/proc/<pid>/status: VmRSS before the export and VmHWM (the peak) after it. Flat memory
means the peak does not grow with the number of records.
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from tests.conftest import new_key
from tests.decisions import seed_decisions
from tests.servers import serve

from batna.engine import Engine
from batna.store import migrate

RULES = ROOT / "rules"
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MiB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) / 1024
    return out


async def _pg(statement: str) -> None:
    admin = create_async_engine(f"{PG}/test", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(statement))
    await admin.dispose()


def one_size(records: int, database: str, engine: Engine, folder: Path) -> dict[str, float]:
    """Seed ``records``, export them over HTTP once; the measurements."""
    name = f"batna_export_bench_{uuid.uuid4().hex[:8]}"
    if database == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / f'export-{records}.db'}"
    else:
        asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
        url = f"{PG}/{name}"
    try:
        migrate.upgrade(url)
        started = time.perf_counter()
        seed_decisions(url, "bench", records, engine, unique=1000)
        seeded = time.perf_counter() - started
        headers = {"Authorization": f"Bearer {new_key(url, 'bench')}"}
        with serve(folder / f"server-{records}.log", url, workers=1) as server:
            pid = server.process.pid
            httpx.get(f"{server.base}/v1/evaluations?limit=1", headers=headers).raise_for_status()
            before, cpu = _memory(pid), _cpu(pid)
            lines = size = 0
            started = time.perf_counter()
            with httpx.stream(
                "GET", f"{server.base}/v1/evaluations:export", headers=headers, timeout=600
            ) as response:
                response.raise_for_status()
                last = response.headers["export-last-id"]
                tail = b""
                for chunk in response.iter_raw():
                    size += len(chunk)
                    lines += chunk.count(b"\n")
                    tail = (tail + chunk)[-65536:]  # holds the last line
            seconds = time.perf_counter() - started
            after, cpu = _memory(pid), _cpu(pid) - cpu
        final = json.loads(tail.rstrip(b"\n").rsplit(b"\n", 1)[-1])["id"]
        if lines != records or final != last:
            raise SystemExit(f"exported {lines:,} lines of {records:,} (last {last})")
    finally:
        if database == "postgresql":
            asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return {
        "seeded": seeded,
        "seconds": seconds,
        "rate": records / seconds,
        "cpu_rate": records / cpu,
        "mb_s": size / seconds / 1e6,
        "bytes": size / records,
        "rss_before": before["VmRSS"],
        "hwm_after": after["VmHWM"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="batna-export-bench-"))
    engine = Engine.from_path(RULES)
    results = {n: one_size(n, args.database, engine, folder) for n in args.records}
    print(
        f"decision export over HTTP (127.0.0.1, one server process, {args.database}; "
        "JSON Lines read and discarded by httpx)"
    )
    print(
        f"{'records':>10}{'records/s':>12}{'per CPU-s':>11}{'MB/s':>8}{'bytes/rec':>11}{'seconds':>9}"
        f"{'RSS before':>12}{'peak RSS':>10}"
    )
    for n, r in results.items():
        print(
            f"{n:>10,}{r['rate']:>12,.0f}{r['cpu_rate']:>11,.0f}{r['mb_s']:>8.1f}{r['bytes']:>11,.0f}{r['seconds']:>9.1f}"
            f"{r['rss_before']:>9.0f} MiB{r['hwm_after']:>6.0f} MiB"
        )
    print(
        "records/s: wall clock; per CPU-s: records per CPU second of the server process (the "
        "rate one free core gives); peak RSS: the server's VmHWM after the export (its whole "
        "life, start-up included)"
    )


if __name__ == "__main__":
    main()
