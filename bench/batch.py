"""Batch throughput: `batna batch` (local process pool) and the server path, 100,000 rows.

Usage: .venv/bin/python bench/batch.py [--rows 100000] [--format csv|jsonl] [--skip-server]

Prints one table: rows per second and peak memory for
- the in-process engine (parse + evaluate, one core): the reference,
- `batna batch` with 1 and 2 processes (wall time, reading to writing),
- the server (upload, validation, chunked evaluation by the workers) on SQLite with one
  worker process and on PostgreSQL with 1 and 2, from the POST to status `done`; and
  its intake alone (the POST until its 202: read, validate, store).
Peak memory is the largest resident set of any one process (VmHWM / ru_maxrss).
"""

from __future__ import annotations

import sys

# bench/http.py would shadow the standard library's http package (which httpx imports).
sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import csv
import itertools
import os
import random
import re
import resource
import secrets
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.situations import random_situation

from batna.batch.intake import parsed
from batna.engine import Engine
from batna.errors import ValidationFailed
from batna.schemas.rows import COLUMNS, Format, read_rows

ENCODER = msgspec.json.Encoder(decimal_format="number")
MEDIA: dict[str, str] = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"


def _flat(document: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in document.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out[prefix + key] = ";".join(value)
        elif isinstance(value, bool):
            out[prefix + key] = "true" if value else "false"
        elif value is not None:
            out[prefix + key] = str(value)
    return out


def write_jsonl(path: Path, count: int) -> None:
    """``count`` generated situations as JSON Lines; every 100th row is invalid.

    About 0.6 KiB a row: 100,000 rows pass the upload's 50 MiB limit (use 60,000 or so).
    """
    rng = random.Random(20261123)
    with path.open("wb") as out:
        for i in range(count):
            document = random_situation(rng)
            if i % 100 == 99:
                document["person"]["current_base_salary"] = "lots"
            out.write(ENCODER.encode(document) + b"\n")


def write_rows(path: Path, count: int) -> None:
    """``count`` generated situations as CSV (dotted-path columns, the compact upload form:
    100,000 rows of JSON Lines would pass the 50 MiB limit); every 100th row is invalid."""
    rng = random.Random(20261123)
    rows = [_flat(random_situation(rng)) for _ in range(count)]
    for i in range(99, count, 100):
        rows[i]["person.current_base_salary"] = "lots"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(
            out, fieldnames=[c for c in COLUMNS if any(c in r for r in rows[:2000])]
        )
        writer.writeheader()
        writer.writerows(rows)


def in_process(path: Path, fmt: Format, sample: int) -> float:
    engine = Engine.from_path(ROOT / "rules")
    with path.open(newline="") as lines:
        rows = list(itertools.islice(read_rows(lines, fmt), sample))
    started = time.perf_counter()
    for row in rows:
        checked = parsed(engine, row)
        if not isinstance(checked, ValidationFailed):
            engine.evaluate(checked)
    seconds = time.perf_counter() - started
    engine.close()
    return len(rows) / seconds


def local(path: Path, fmt: Format, processes: int) -> tuple[float, float]:
    """Rows/s of `batna batch` and the peak RSS (MiB) of its largest process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "batna.cli", "--rules", str(ROOT / "rules"), "batch"]
        command += [str(path), "-o", f"{tmp}/out.jsonl", "--quiet", "--format", fmt]
        command += ["--processes", str(processes)]
        run = subprocess.run(
            [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
        )
    seconds, peak_kib = run.stdout.split()
    rows = sum(1 for _ in path.open("rb")) - (1 if fmt == "csv" else 0)
    return rows / float(seconds), int(peak_kib) / 1024


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_mib(pid: int) -> float:
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    peaks = []
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            found = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if found:
                peaks.append(int(found.group(1)) / 1024)
    return max(peaks, default=0.0)


def _psql(statement: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", statement],
        check=True,
        capture_output=True,
    )


def server(path: Path, fmt: Format, url: str, workers: int) -> tuple[float, float, float]:
    """Rows/s from POST to `done`, of the intake (POST to 202), and the peak RSS (MiB) of
    the largest server process."""
    env = {
        **os.environ,
        "BATNA_RULES_DIR": str(ROOT / "rules"),
        "BATNA_DATABASE_URL": url,
        "BATNA_LOG_LEVEL": "warning",
        # PostgreSQL needs a key pepper; one per run, shared by `keys create` and the server.
        "BATNA_KEY_PEPPER": os.environ.get("BATNA_KEY_PEPPER") or secrets.token_hex(32),
    }
    cli = [sys.executable, "-m", "batna.cli"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*cli, "keys", "create", "--tenant", "bench"], env=env, check=True, capture_output=True
    )
    token = re.search(r"batna_[0-9a-f]+_[A-Za-z0-9_-]+", made.stdout.decode())
    if token is None:
        raise SystemExit(f"no key printed: {made.stdout!r}")
    auth = {"Authorization": f"Bearer {token.group(0)}"}
    port = _port()
    proc = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        started = time.perf_counter()
        created = httpx.post(
            f"{base}/v1/batches",
            content=path.read_bytes(),
            headers={**auth, "content-type": MEDIA[fmt]},
            timeout=600,
        )
        created.raise_for_status()
        intake = time.perf_counter() - started
        location = created.headers["location"]
        while (status := httpx.get(base + location, headers=auth, timeout=30).json())[
            "status"
        ] != "done":
            time.sleep(0.25)
        seconds = time.perf_counter() - started
        total = status["counts"]["total"]
        return total / seconds, total / intake, _peak_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    fmt: Format = args.format
    results: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / f"rows.{fmt}"
        (write_rows if fmt == "csv" else write_jsonl)(rows, args.rows)
        size = rows.stat().st_size / (1 << 20)
        reference = in_process(rows, fmt, 5000)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append(
            ("in-process engine, 1 core (5,000 rows)", f"{reference:,.0f}", "-", f"{own:.0f}")
        )
        for processes in (1, 2):
            rate, peak = local(rows, fmt, processes)
            name = f"batna batch, {processes} process(es)"
            results.append((name, f"{rate:,.0f}", "-", f"{peak:.0f}"))
        if not args.skip_server:
            rate, intake, peak = server(rows, fmt, f"sqlite+aiosqlite:///{tmp}/bench.db", 1)
            results.append(
                ("server, SQLite, 1 worker", f"{rate:,.0f}", f"{intake:,.0f}", f"{peak:.0f}")
            )
            for workers in (1, 2):
                name = f"batna_bench_{uuid.uuid4().hex[:8]}"
                _psql(f'CREATE DATABASE "{name}"')
                try:
                    rate, intake, peak = server(rows, fmt, f"{PG}/{name}", workers)
                finally:
                    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                label = f"server, PostgreSQL, {workers} worker(s)"
                results.append((label, f"{rate:,.0f}", f"{intake:,.0f}", f"{peak:.0f}"))
    print(
        f"\n{args.rows:,} rows ({size:.1f} MiB {fmt}, 1% invalid), "
        f"nproc {os.cpu_count()}, Python {sys.version.split()[0]}\n"
    )
    width = max(len(r[0]) for r in results)
    print(f"{'path':<{width}}  {'rows/s':>10}  {'intake rows/s':>13}  {'peak MiB':>9}")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 13}  {'-' * 9}")
    for name, rate, intake, peak in results:
        print(f"{name:<{width}}  {rate:>10}  {intake:>13}  {peak:>9}")


if __name__ == "__main__":
    main()
