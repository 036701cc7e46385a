"""HTTP throughput: wrk on 127.0.0.1 against `batna serve`, beside an empty-endpoint ceiling.

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
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "rules" / "negotiation" / "cases"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(args: list[str], port: int, ready: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BATNA_RULES_DIR": str(ROOT / "rules"), "BATNA_LOG_LEVEL": "warning"}
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


def wrk(url: str, body: bytes, duration: int, connections: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        script = Path(tmp) / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'local f = io.open("{body_file}", "rb")\n'
            'wrk.body = f:read("*a")\nf:close()\n'
            "function response(status, headers, body)\n"
            '  if status ~= 200 then io.stderr:write("status " .. status .. "\\n") end\n'
            "end\n"
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

    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return {"rps": rps, "p50": pct("50"), "p99": pct("99"), "errors": errors}


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
    rows: list[tuple[str, int, dict[str, float], int]] = []
    for workers in (1, 2):
        port = free_port()
        uvicorn = [
            python,
            "-m",
            "uvicorn",
            "--app-dir",
            str(ROOT / "bench" / "ceiling"),
            "echo_app:app",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        proc = start(uvicorn, port, "/")
        try:
            rows.append(
                (
                    "empty msgspec POST (ceiling)",
                    workers,
                    wrk(f"http://127.0.0.1:{port}/echo", echo, args.duration, args.connections),
                    1,
                )
            )
        finally:
            proc.terminate()
            proc.wait()
        port = free_port()
        proc = start(
            [python, "-m", "batna.cli", "serve", "--port", str(port), "--workers", str(workers)],
            port,
            "/readyz",
        )
        try:
            base = f"http://127.0.0.1:{port}/v1"
            rows.append(
                (
                    "POST /v1/evaluations",
                    workers,
                    wrk(f"{base}/evaluations", single, args.duration, args.connections),
                    1,
                )
            )
            rows.append(
                (
                    "POST /v1/evaluations:batch (100)",
                    workers,
                    wrk(f"{base}/evaluations:batch", batch, args.duration, args.connections),
                    100,
                )
            )
            used = httpx.post(
                f"{base}/evaluations:what-if",
                content=case3,
                headers={"content-type": "application/json"},
                timeout=60,
            ).json()
            rows.append(
                (
                    "POST /v1/evaluations:what-if (Case 3)",
                    workers,
                    wrk(f"{base}/evaluations:what-if", case3, args.duration, 4),
                    used["evaluations_used"],
                )
            )
        finally:
            proc.terminate()
            proc.wait()
    ceiling = {w: r["rps"] for name, w, r, _ in rows if name.startswith("empty")}
    print(
        f"nproc {os.cpu_count()}, wrk -t1 -c{args.connections} -d{args.duration}s, Python {sys.version.split()[0]}"
    )
    print(
        f"{'scenario':<38} {'workers':>7} {'req/s':>9} {'evals/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'of ceiling':>10}"
    )
    for name, workers, r, per in rows:
        share = (
            r["rps"] * per / ceiling[workers]
        )  # evaluations/s against the empty POST's requests/s
        print(
            f"{name:<38} {workers:>7} {r['rps']:>9.0f} {r['rps'] * per:>9.0f} {r['p50']:>8.2f} "
            f"{r['p99']:>8.2f} {r['errors']:>6.0f} {share:>10.1%}"
        )


if __name__ == "__main__":
    main()
