"""HTTP throughput: wrk on 127.0.0.1 against `batna serve`, beside an empty-endpoint ceiling.

Single evaluations are stored (the audit record is committed before each 201): once on a
SQLite file and once on PostgreSQL (a throwaway database on 127.0.0.1:5432); the table
shows records written beside the requests wrk counted.

Usage: .venv/bin/python bench/http.py [--duration 10] [--connections 16]
(what-if runs with 4 connections: each request is hundreds of evaluations)

Starts each server in a subprocess, drives it with wrk (bounded runs), prints one table.
"""

from __future__ import annotations

import sys

# This file is named http.py (as the issue asks); run as a script, its folder would
# shadow the standard library's http package, which httpx imports.
sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "rules" / "negotiation" / "cases"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Capacity, not fairness: one key drives every connection, so lift the per-tenant bound on
# concurrent what-if and :batch calls (bench/fairness.py measures that bound).
UNLIMITED = {
    "BATNA_RATE_LIMIT": "1000000",
    "BATNA_RATE_BURST": "1000000",
    "BATNA_HEAVY_PER_TENANT": "1000",
}


PEPPER = uuid.uuid4().hex + uuid.uuid4().hex


def batna_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        **UNLIMITED,
        "BATNA_RULES_DIR": str(ROOT / "rules"),
        "BATNA_LOG_LEVEL": "warning",
        "BATNA_DATABASE_URL": database_url,
        # PostgreSQL needs a key pepper; one per run, shared by `keys create` and the servers.
        "BATNA_KEY_PEPPER": os.environ.get("BATNA_KEY_PEPPER") or PEPPER,
    }


def prepare(database_url: str) -> str:
    """Migrate the database and return a fresh API key."""
    env = batna_env(database_url)
    cli = [sys.executable, "-m", "batna.cli"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*cli, "keys", "create", "--tenant", "bench"], env=env, check=True, capture_output=True
    )
    found = re.search(r"batna_[0-9a-f]+_[A-Za-z0-9_-]+", made.stdout.decode())
    if found is None:
        raise SystemExit(f"no key printed: {made.stdout!r}")
    return found.group(0)


def stored(database_url: str) -> int:
    """How many evaluation records the database holds."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]
        with sqlite3.connect(path) as db:
            return int(db.execute("SELECT count(*) FROM evaluations").fetchone()[0])
    name = database_url.rsplit("/", 1)[1]
    out = psql(name, "SELECT count(*) FROM evaluations", tuples=True)
    return int(out.strip())


def psql(database: str, statement: str, *, tuples: bool = False) -> str:
    args = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-c", statement]
    if tuples:
        args.insert(1, "-tA")
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def start(
    args: list[str], port: int, ready: str, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = env or batna_env("sqlite+aiosqlite://")
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
        else:
            return proc
    proc.kill()
    raise SystemExit(f"server {args} did not start")


def wrk(
    url: str, body: bytes, duration: int, connections: int, token: str = ""
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        script = Path(tmp) / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Authorization"] = "Bearer {token}"\n'
            f'local f = io.open("{body_file}", "rb")\n'
            'wrk.body = f:read("*a")\nf:close()\n'
        )
        run = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    out = run.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        found = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not found:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
        return float(found.group(1)) * scale

    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return {
        "rps": rps,
        "p50": pct("50"),
        "p99": pct("99"),
        "errors": errors,
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    single = json.dumps(json.loads((CASES / "TC-04.json").read_text())["payload"]).encode()
    payloads = [json.loads(p.read_text()) for p in sorted(CASES.glob("*.json"))]
    good = [c["payload"] for c in payloads if c["expected"]["http_status"] == 200]
    batch = json.dumps({"situations": [good[i % len(good)] for i in range(100)]}).encode()
    case3 = json.dumps(json.loads((CASES / "TC-03.json").read_text())["payload"]).encode()
    echo = b'{"name": "ceiling", "value": 1}'
    python = sys.executable
    rows: list[tuple[str, int, dict[str, float], int, str]] = []
    tmp = tempfile.TemporaryDirectory()
    pg_name = f"batna_bench_{uuid.uuid4().hex[:8]}"
    psql("test", f'CREATE DATABASE "{pg_name}"')
    databases = {
        "SQLite": f"sqlite+aiosqlite:///{tmp.name}/bench.db",
        "PostgreSQL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{pg_name}",
    }
    tokens = {name: prepare(url) for name, url in databases.items()}
    try:
        for workers in (1, 2):
            rows += _runs(
                workers,
                args=args,
                databases=databases,
                tokens=tokens,
                single=single,
                batch=batch,
                case3=case3,
                echo=echo,
                python=python,
            )
    finally:
        tmp.cleanup()
        psql("test", f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    ceiling = {w: r["rps"] for name, w, r, _, _ in rows if name.startswith("empty")}
    print(
        f"nproc {os.cpu_count()}, wrk -t1 -c{args.connections} -d{args.duration}s, Python {sys.version.split()[0]}"
    )
    print(
        f"{'scenario':<46} {'workers':>7} {'req/s':>9} {'evals/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'of ceiling':>10} {'stored':>14}"
    )
    for name, workers, r, per, kept in rows:
        share = (
            r["rps"] * per / ceiling[workers]
        )  # evaluations/s against the empty POST's requests/s
        print(
            f"{name:<46} {workers:>7} {r['rps']:>9.0f} {r['rps'] * per:>9.0f} {r['p50']:>8.2f} "
            f"{r['p99']:>8.2f} {r['errors']:>6.0f} {share:>10.1%} {kept:>14}"
        )
    print("stored: records written / requests wrk counted (in-flight ones at the end add a few)")


def _runs(  # noqa: PLR0913 - the fixtures of one round
    workers: int,
    *,
    args: argparse.Namespace,
    databases: dict[str, str],
    tokens: dict[str, str],
    single: bytes,
    batch: bytes,
    case3: bytes,
    echo: bytes,
    python: str,
) -> list[tuple[str, int, dict[str, float], int, str]]:
    rows: list[tuple[str, int, dict[str, float], int, str]] = []
    port = free_port()
    uvicorn = [
        python, "-m", "uvicorn", "--app-dir", str(ROOT / "bench" / "ceiling"), "echo_app:app",
        "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
        "--http", "httptools", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    proc = start(uvicorn, port, "/")
    try:
        result = wrk(f"http://127.0.0.1:{port}/echo", echo, args.duration, args.connections)
        rows.append(("empty msgspec POST (ceiling)", workers, result, 1, "-"))
    finally:
        proc.terminate()
        proc.wait()
    for db_name, url in databases.items():
        token = tokens[db_name]
        port = free_port()
        serve = [python, "-m", "batna.cli", "serve", "--port", str(port), "--workers", str(workers)]
        proc = start(serve, port, "/readyz", batna_env(url))
        try:
            base = f"http://127.0.0.1:{port}/v1"
            before = stored(url)
            result = wrk(f"{base}/evaluations", single, args.duration, args.connections, token)
            kept = f"{stored(url) - before}/{result['requests']:.0f}"
            rows.append((f"POST /v1/evaluations, stored ({db_name})", workers, result, 1, kept))
            if db_name != "SQLite":
                continue
            result = wrk(f"{base}/evaluations:batch", batch, args.duration, args.connections, token)
            rows.append(("POST /v1/evaluations:batch (100)", workers, result, 100, "-"))
            used = httpx.post(
                f"{base}/evaluations:what-if",
                content=case3,
                headers={"content-type": "application/json", "Authorization": f"Bearer {token}"},
                timeout=60,
            ).json()
            result = wrk(f"{base}/evaluations:what-if", case3, args.duration, 4, token)
            rows.append(
                (
                    "POST /v1/evaluations:what-if (Case 3)",
                    workers,
                    result,
                    used["evaluations_used"],
                    "-",
                )
            )
        finally:
            proc.terminate()
            proc.wait()
    return rows


if __name__ == "__main__":
    main()
