"""Memory under the red-team attack: 750 KB bodies of huge decimals at the rate limit.

Issue 17 measured RSS going from 83 to 1,359 MB in 95 s: each body held three decimals of
250,000 digits (valid values then), sent at about 40 requests/s, under the default limit
of 50/s, and the explanation cache kept every one. Now such numbers are refused (422)
and the cache is bounded. This starts `batna serve` (default limits, a throwaway SQLite
file), sends the attack for --seconds, and prints the server's RSS over time.

Usage: .venv/bin/python bench/memory_attack.py [--seconds 600] [--rate 40]
The target: RSS stays within 2× of its value after the first 30 s (warm-up).
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.endswith("bench")]

import argparse
import importlib.util
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_http", ROOT / "bench" / "http.py")
if _spec is None or _spec.loader is None:
    raise SystemExit("bench/http.py is missing")
bench_http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_http)

DIGITS = 250_000


def body(i: int) -> bytes:
    huge = "8" * DIGITS
    return (
        '{"schema_version":"1.0","person":{"negotiating_as":"employee","role_title":"r",'
        f'"currency":"USD","current_base_salary":5{i}.{huge}}},'
        f'"outside_offer":{{"status":"written","base_salary":6{i}.{huge},"currency":"USD",'
        '"would_accept":"yes"},"alternatives":{"batna_strength":"weak",'
        '"prepared_to_walk_away":false},"ask":{"type":"raise","framing":"question",'
        f'"disclosure_to_manager":"exact","currency":"USD","target_amount":7{i}.{huge}}}}}'
    ).encode()


def rss_mb(pid: int) -> float:
    total = 0
    for child in [pid, *children(pid)]:
        statm = Path(f"/proc/{child}/statm")
        if statm.exists():
            total += int(statm.read_text().split()[1]) * 4096
    return total / 2**20


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = task / "children"
        if kids.exists():
            found += [int(k) for k in kids.read_text().split()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/attack.db"
        key = bench_http.prepare(url)
        env = bench_http.batna_env(url)
        for name in ("BATNA_RATE_LIMIT", "BATNA_RATE_BURST"):
            env.pop(name)  # the defaults: 50/s, burst 100
        port = bench_http.free_port()
        proc = bench_http.start(
            [sys.executable, "-m", "batna.cli", "serve", "--port", str(port)], port, "/healthz", env
        )
        statuses: Counter[int] = Counter()
        samples: list[tuple[float, float]] = []
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                headers = {"Authorization": f"Bearer {key}", "content-type": "application/json"}
                start = time.monotonic()
                i = 0
                next_sample = 0.0
                while (elapsed := time.monotonic() - start) < args.seconds:
                    statuses[
                        client.post("/v1/evaluations", content=body(i), headers=headers).status_code
                    ] += 1
                    i += 1
                    if elapsed >= next_sample:
                        samples.append((elapsed, rss_mb(proc.pid)))
                        next_sample += max(10.0, args.seconds / 20)
                    time.sleep(max(0.0, start + i / args.rate - time.monotonic()))
                samples.append((time.monotonic() - start, rss_mb(proc.pid)))
        finally:
            proc.terminate()
            proc.wait()
    warm = next((rss for t, rss in samples if t >= 30), samples[-1][1])
    print(f"{i} requests of {len(body(0)) // 1024} KiB at {args.rate}/s: {dict(statuses)}")
    print("| seconds | RSS MiB | × after warm-up |")
    print("|---|---|---|")
    for t, rss in samples:
        print(f"| {t:.0f} | {rss:.1f} | {rss / warm:.2f} |")
    print(f"peak {max(r for _, r in samples):.1f} MiB; after warm-up {warm:.1f} MiB")


if __name__ == "__main__":
    main()
