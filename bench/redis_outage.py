"""POST /v1/evaluations latency while the rate limiter's Redis is away, beside no Redis.

Issue 19's target: with a Redis that accepts connections and never answers, the p99 of
``POST /v1/evaluations`` stays within 2x of its p99 without Redis. Scenarios, each a
fresh ``batna serve`` (one worker, a SQLite file, every evaluation stored) driven by wrk
over 127.0.0.1:

* no Redis (in-process buckets);
* Redis at 127.0.0.1:6379, answering;
* a hung Redis (a TCP server here that reads and never answers), default cooldown (30 s):
  the breaker opens on the first request and stays open;
* the same with a 1 s cooldown: a half-open probe (one request waits up to
  ``BATNA_REDIS_TIMEOUT_MS``) every second;
* a refused Redis (a port nobody listens on).

The machine is shared, so the scenarios run in rounds, in a rotating order, and the
table shows each one's median over the rounds.

Usage: .venv/bin/python bench/redis_outage.py [--duration 10] [--connections 8] [--rounds 3]
"""

from __future__ import annotations

import sys

# bench/http.py would shadow the standard library's http package (httpx imports it).
sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "rules" / "negotiation" / "cases" / "TC-04.json"
PEPPER = uuid.uuid4().hex + uuid.uuid4().hex
UNLIMITED = {"BATNA_RATE_LIMIT": "1000000", "BATNA_RATE_BURST": "1000000"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HungRedis:
    """Accepts connections and reads whatever comes; never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    @staticmethod
    def _drain(conn: socket.socket) -> None:
        with conn:
            while conn.recv(65536):
                pass

    def close(self) -> None:
        self.sock.close()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        **UNLIMITED,
        "BATNA_RULES_DIR": str(ROOT / "rules"),
        "BATNA_LOG_LEVEL": "error",
        "BATNA_DATABASE_URL": database_url,
        "BATNA_KEY_PEPPER": PEPPER,
        **extra,
    }


def prepare(database_url: str) -> str:
    """Migrate the database; return a new API key."""
    env = environment(database_url)
    cli = [sys.executable, "-m", "batna.cli"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
    made = subprocess.run(
        [*cli, "keys", "create", "--tenant", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found = re.search(r"batna_[0-9a-f]+_[A-Za-z0-9_-]+", made.stdout)
    if found is None:
        raise SystemExit(f"no key printed: {made.stdout!r}")
    return found.group(0)


def wrk(url: str, body: bytes, token: str, duration: int, connections: int) -> dict[str, float]:
    """One wrk run; requests per second, p50 and p99 in ms, non-2xx and socket errors."""
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
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
        out = subprocess.run(
            [*command, "-s", str(script), url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def pct(p: str) -> float:
        found = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        if not found:
            return float("nan")
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    requests = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "requests": float(requests.group(1)) if requests else 0.0,
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": pct("50"),
        "p99": pct("99"),
        "errors": float(errors),
    }


def run_scenario(
    database_url: str, token: str, extra: dict[str, str], args: argparse.Namespace
) -> dict[str, float]:
    port = free_port()
    env = environment(database_url, **extra)
    command = [sys.executable, "-m", "batna.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"server did not start with {extra}")
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port}/v1/evaluations"
        body = json.dumps(json.loads(CASE.read_text())["payload"]).encode()
        wrk(url, body, token, 2, args.connections)  # warm-up: pools, caches, the breaker
        return wrk(url, body, token, args.duration, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    hung = HungRedis()
    refused = free_port()
    scenarios = [
        ("no Redis", {}),
        ("Redis answering", {"BATNA_REDIS_URL": "redis://127.0.0.1:6379/0"}),
        ("Redis hung, cooldown 30 s", {"BATNA_REDIS_URL": f"redis://127.0.0.1:{hung.port}/0"}),
        (
            "Redis hung, cooldown 1 s",
            {
                "BATNA_REDIS_URL": f"redis://127.0.0.1:{hung.port}/0",
                "BATNA_REDIS_COOLDOWN_SECONDS": "1",
            },
        ),
        ("Redis refusing", {"BATNA_REDIS_URL": f"redis://127.0.0.1:{refused}/0"}),
    ]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in scenarios}
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        token = prepare(database_url)
        for round_ in range(args.rounds):
            shift = round_ % len(scenarios)
            for name, extra in scenarios[shift:] + scenarios[:shift]:
                runs[name].append(run_scenario(database_url, token, extra, args))
                print(f"  round {round_ + 1}: {name}", file=sys.stderr)
    hung.close()

    def median(name: str, field: str) -> float:
        return statistics.median(run[field] for run in runs[name])

    base = median("no Redis", "p99")
    print(
        f"POST /v1/evaluations, 1 worker, SQLite, wrk {args.connections} connections, "
        f"{args.duration} s per run after 2 s warm-up, median of {args.rounds} rounds; "
        "BATNA_REDIS_TIMEOUT_MS=50"
    )
    print(
        f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p99 / no Redis':>16}"
        f"{'p99 each round (ms)':>26}{'errors':>8}"
    )
    for name, _ in scenarios:
        each = " ".join(f"{run['p99']:.0f}" for run in runs[name])
        errors = sum(run["errors"] for run in runs[name])
        print(
            f"{name:<28}{median(name, 'rps'):>9.0f}{median(name, 'p50'):>9.2f}"
            f"{median(name, 'p99'):>9.2f}{median(name, 'p99') / base:>15.2f}x"
            f"{each:>26}{errors:>8.0f}"
        )
    print(f"hung Redis saw {hung.connections} connection(s) in all")


if __name__ == "__main__":
    main()
