"""HTTP throughput: wrk on 127.0.0.1 against `batna serve`, beside an empty-endpoint ceiling.

Single evaluations are stored (the audit record is committed before each 201): once on a
SQLite file and once on PostgreSQL (a throwaway database on 127.0.0.1:5432); the table
shows records written beside the requests wrk counted.

Usage: .venv/bin/python bench/http.py [--duration 10] [--connections 16] [--workers 1,2]

Starts each server in a subprocess and drives it with wrk (bounded runs). Prints, in one
run: the in-process end-to-end rate (the yardstick: HTTP and storage should cost little
beside it); per database and worker count, the stored POST alone, then the stored POST,
``:batch`` of 100 and ``:what-if`` at the same time (errors must stay 0); and one client's
sequential latencies (stored POST, ``GET /v1/rulesets``, ``:batch`` of one, ``/readyz``).
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import httpx

from batna.engine import Engine
from batna.schemas.jsonout import ENCODER

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
    url: str, body: bytes | None, duration: int, connections: int, token: str = ""
) -> dict[str, float]:
    """wrk's rate, p50/p99 (ms), errors and request count: a POST of ``body``, or a GET."""
    with tempfile.TemporaryDirectory() as tmp:
        lines = [f'wrk.headers["Authorization"] = "Bearer {token}"\n'] if token else []
        if body is not None:
            body_file = Path(tmp) / "body.json"
            body_file.write_bytes(body)
            lines += [
                'wrk.method = "POST"\n',
                'wrk.headers["Content-Type"] = "application/json"\n',
                f'local f = io.open("{body_file}", "rb")\n',
                'wrk.body = f:read("*a")\nf:close()\n',
            ]
        script = Path(tmp) / "request.lua"
        script.write_text("".join(lines))
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


def in_process_rate(body: bytes, seconds: float = 3.0) -> float:
    """End to end in this process, no HTTP: bytes → decode → evaluate → encode, per second."""
    engine = Engine.from_path(ROOT / "rules")
    for _ in range(200):  # warm-up
        ENCODER.encode(engine.evaluate(engine.decode(body)))
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        ENCODER.encode(engine.evaluate(engine.decode(body)))
        done += 1
    rate = done / (time.perf_counter() - start)
    engine.close()
    return rate


def sequential(
    base: str, token: str, single: bytes, batch_one: bytes, seconds: int = 3
) -> dict[str, float]:
    """One client, one request at a time (wrk -c1, keep-alive): p50 and p99 in ms.

    wrk rather than a Python client: httpx's own cost (about 1 ms a request here) would
    hide the server's.
    """
    calls: dict[str, tuple[str, bytes | None, str]] = {
        "stored POST": ("/v1/evaluations", single, token),
        "GET /v1/rulesets": ("/v1/rulesets", None, token),
        ":batch of one": ("/v1/evaluations:batch", batch_one, token),
        "/readyz": ("/readyz", None, ""),
    }
    out: dict[str, float] = {}
    for name, (path, body, key) in calls.items():
        wrk(f"{base}{path}", body, 1, 1, key)  # warm-up: the first :batch starts the child
        found = wrk(f"{base}{path}", body, seconds, 1, key)
        if found["errors"]:
            raise SystemExit(f"{name}: {found['errors']:.0f} errors")
        out[f"{name} p50"] = found["p50"]
        out[f"{name} p99"] = found["p99"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", default="1,2", help="server process counts to run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    single = json.dumps(json.loads((CASES / "TC-04.json").read_text())["payload"]).encode()
    payloads = [json.loads(p.read_text()) for p in sorted(CASES.glob("*.json"))]
    good = [c["payload"] for c in payloads if c["expected"]["http_status"] == 200]
    batch = json.dumps({"situations": [good[i % len(good)] for i in range(100)]}).encode()
    batch_one = json.dumps({"situations": [good[0]]}).encode()
    case3 = json.dumps(json.loads((CASES / "TC-03.json").read_text())["payload"]).encode()
    echo = b'{"name": "ceiling", "value": 1}'
    python = sys.executable
    rows: list[tuple[str, int, dict[str, float], int, str]] = []
    latencies: list[tuple[str, int, dict[str, float]]] = []
    tmp = tempfile.TemporaryDirectory()
    pg_name = f"batna_bench_{uuid.uuid4().hex[:8]}"
    psql("test", f'CREATE DATABASE "{pg_name}"')
    databases = {
        "SQLite": f"sqlite+aiosqlite:///{tmp.name}/bench.db",
        "PostgreSQL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{pg_name}",
    }
    tokens = {name: prepare(url) for name, url in databases.items()}
    bodies = Bodies(single=single, batch=batch, batch_one=batch_one, case3=case3, echo=echo)
    in_process = in_process_rate(single)
    try:
        for workers in (int(w) for w in args.workers.split(",")):
            round_rows, round_latencies = _runs(
                workers, args=args, databases=databases, tokens=tokens, bodies=bodies, python=python
            )
            rows += round_rows
            latencies += round_latencies
    finally:
        tmp.cleanup()
        psql("test", f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    _report(args, rows, latencies, in_process)


def _report(
    args: argparse.Namespace,
    rows: list[tuple[str, int, dict[str, float], int, str]],
    latencies: list[tuple[str, int, dict[str, float]]],
    in_process: float,
) -> None:
    ceiling = {w: r["rps"] for name, w, r, _, _ in rows if name.startswith("empty")}
    print(
        f"nproc {os.cpu_count()}, wrk -t1 -c{args.connections} -d{args.duration}s, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"in-process end to end (TC-04, bytes → decode → evaluate → encode): {in_process:,.0f}/s")
    print(
        f"{'scenario':<52} {'workers':>7} {'req/s':>9} {'evals/s':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6} {'of ceiling':>10} {'of in-proc':>10} {'stored':>14}"
    )
    for name, workers, r, per, kept in rows:
        share = r["rps"] * per / ceiling[workers]
        of_in_process = r["rps"] * per / in_process
        print(
            f"{name:<52} {workers:>7} {r['rps']:>9.0f} {r['rps'] * per:>9.0f} {r['p50']:>8.2f} "
            f"{r['p99']:>8.2f} {r['errors']:>6.0f} {share:>10.1%} {of_in_process:>10.2f} {kept:>14}"
        )
    print("stored: records written / requests wrk counted (in-flight ones at the end add a few)")
    print("under load: the three rows marked so ran at the same time, against one server")
    print("\nOne client, sequential (wrk -c1, keep-alive, 3 s each): p50 / p99 ms")
    names = list(latencies[0][2]) if latencies else []
    kinds = sorted(
        {n.rsplit(" ", 1)[0] for n in names}, key=[n.rsplit(" ", 1)[0] for n in names].index
    )
    print(f"{'database':<12} {'workers':>7} " + " ".join(f"{k:>22}" for k in kinds))
    for db_name, workers, found in latencies:
        cells = " ".join(f"{found[k + ' p50']:>10.2f} / {found[k + ' p99']:>9.2f}" for k in kinds)
        print(f"{db_name:<12} {workers:>7} {cells}")


class Bodies(NamedTuple):
    """The request bodies of one run."""

    single: bytes
    batch: bytes
    batch_one: bytes
    case3: bytes
    echo: bytes


def _runs(
    workers: int,
    *,
    args: argparse.Namespace,
    databases: dict[str, str],
    tokens: dict[str, str],
    bodies: Bodies,
    python: str,
) -> tuple[
    list[tuple[str, int, dict[str, float], int, str]], list[tuple[str, int, dict[str, float]]]
]:
    rows: list[tuple[str, int, dict[str, float], int, str]] = []
    latencies: list[tuple[str, int, dict[str, float]]] = []
    port = free_port()
    uvicorn = [
        python, "-m", "uvicorn", "--app-dir", str(ROOT / "bench" / "ceiling"), "echo_app:app",
        "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
        "--http", "httptools", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    proc = start(uvicorn, port, "/")
    try:
        result = wrk(f"http://127.0.0.1:{port}/echo", bodies.echo, args.duration, args.connections)
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
            result = wrk(
                f"{base}/evaluations", bodies.single, args.duration, args.connections, token
            )
            kept = f"{stored(url) - before}/{result['requests']:.0f}"
            rows.append((f"POST /v1/evaluations, stored ({db_name})", workers, result, 1, kept))
            latencies.append(
                (
                    db_name,
                    workers,
                    sequential(f"http://127.0.0.1:{port}", token, bodies.single, bodies.batch_one),
                )
            )
            rows += _under_load(base, token, bodies, args, workers, db_name)
        finally:
            proc.terminate()
            proc.wait()
    return rows, latencies


def _under_load(
    base: str,
    token: str,
    bodies: Bodies,
    args: argparse.Namespace,
    workers: int,
    db_name: str,
) -> list[tuple[str, int, dict[str, float], int, str]]:
    """Stored POSTs, :batch of 100 and :what-if at the same time against one server."""
    auth = {"content-type": "application/json", "Authorization": f"Bearer {token}"}
    used = httpx.post(
        f"{base}/evaluations:what-if", content=bodies.case3, headers=auth, timeout=60
    ).json()["evaluations_used"]
    jobs = {
        "stored POST": (f"{base}/evaluations", bodies.single, args.connections, 1),
        ":batch (100)": (f"{base}/evaluations:batch", bodies.batch, 2, 100),
        ":what-if (Case 3)": (f"{base}/evaluations:what-if", bodies.case3, 2, used),
    }
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {
            name: pool.submit(wrk, url, body, args.duration, connections, token)
            for name, (url, body, connections, _) in jobs.items()
        }
        results = {name: future.result() for name, future in futures.items()}
    return [
        (f"under load: {name} ({db_name})", workers, results[name], jobs[name][3], "-")
        for name in jobs
    ]


if __name__ == "__main__":
    main()
