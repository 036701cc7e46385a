"""Fairness: tenant B's stored POST latency while tenant A floods what-if, with and without the bound.

Starts `batna serve` (1 worker, a throwaway SQLite file) three ways and measures tenant B
sending stored `POST /v1/evaluations` one at a time:
- alone;
- beside 32 concurrent what-if callers of tenant A, with the per-tenant bound off
  (`BATNA_HEAVY_PER_TENANT=1000`: what the server did before the bound);
- the same with the default bound (1 costly call per tenant and process).

Usage: .venv/bin/python bench/fairness.py [--seconds 15] [--callers 32]
Prints one table; the target is B's p99 within 3× of its p99 alone.
"""

from __future__ import annotations

import sys

# Run as a script, this folder would shadow the standard library's http package with
# bench/http.py (httpx imports http.client).
sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import importlib.util
import json
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "rules" / "negotiation" / "cases"
_spec = importlib.util.spec_from_file_location("bench_http", ROOT / "bench" / "http.py")
if _spec is None or _spec.loader is None:
    raise SystemExit("bench/http.py is missing")
bench_http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_http)


def payload(case: str) -> bytes:
    return json.dumps(json.loads((CASES / f"{case}.json").read_text())["payload"]).encode()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def run(per_tenant: str | None, callers: int, seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/fair.db"
        key_b = bench_http.prepare(url)
        env = bench_http.batna_env(url)
        made = subprocess.run(
            [sys.executable, "-m", "batna.cli", "keys", "create", "--tenant", "flood"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        key_a = next(w for w in made.stdout.split() if w.startswith("batna_"))
        env["BATNA_HEAVY_PER_TENANT"] = per_tenant or "1"
        port = bench_http.free_port()
        proc = bench_http.start(
            [sys.executable, "-m", "batna.cli", "serve", "--port", str(port)], port, "/healthz", env
        )
        base = f"http://127.0.0.1:{port}"
        stop = threading.Event()
        answers: dict[int, int] = {}
        lock = threading.Lock()

        def flood() -> None:
            body = payload("TC-01")
            headers = {"Authorization": f"Bearer {key_a}", "content-type": "application/json"}
            with httpx.Client(base_url=base, timeout=120) as client:
                while not stop.is_set():
                    status = client.post("/v1/evaluations:what-if", content=body, headers=headers)
                    with lock:
                        answers[status.status_code] = answers.get(status.status_code, 0) + 1

        threads = [threading.Thread(target=flood) for _ in range(callers if per_tenant else 0)]
        try:
            for thread in threads:
                thread.start()
            time.sleep(1 if threads else 0)
            body = payload("TC-04")
            headers = {"Authorization": f"Bearer {key_b}", "content-type": "application/json"}
            latencies: list[float] = []
            with httpx.Client(base_url=base, timeout=120) as client:
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    started = time.perf_counter()
                    answer = client.post("/v1/evaluations", content=body, headers=headers)
                    latencies.append((time.perf_counter() - started) * 1000)
                    if answer.status_code != 201:
                        raise SystemExit(f"tenant B got {answer.status_code}: {answer.text}")
        finally:
            stop.set()
            for thread in threads:
                thread.join()
            proc.terminate()
            proc.wait()
    return {
        "n": len(latencies),
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 0.99),
        "a_ok": answers.get(200, 0),
        "a_429": answers.get(429, 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--callers", type=int, default=32)
    args = parser.parse_args()
    alone = run(None, args.callers, args.seconds)
    rows = [
        ("tenant B alone", alone),
        (
            f"+ {args.callers} what-if callers of A, no bound",
            run("1000", args.callers, args.seconds),
        ),
        (f"+ {args.callers} what-if callers of A, bound 1", run("1", args.callers, args.seconds)),
    ]
    print("| scenario | B requests | B p50 ms | B p99 ms | B p99 / alone | A 200 | A 429 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        ratio = r["p99"] / alone["p99"]
        print(
            f"| {name} | {r['n']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {ratio:.2f}× "
            f"| {r['a_ok']:.0f} | {r['a_429']:.0f} |"
        )


if __name__ == "__main__":
    main()
