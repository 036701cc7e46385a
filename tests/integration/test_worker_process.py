"""``batna worker``: batch chunks worked by a process that serves no HTTP.

The chart's optional worker Deployment runs it while the API pods run with
``BATNA_BATCH_WORKER=false``. Here a real ``batna serve`` without a chunk worker takes an
upload, which stays queued; a real ``batna worker`` finishes it, keeps its heartbeat file
fresh (``--alive`` is the probe) and stops cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import httpx

from batna.store import migrate
from tests.conftest import CASES, ROOT, RULES, fresh_database, new_key
from tests.servers import serve

if TYPE_CHECKING:
    from pathlib import Path

ROWS = 40


def _batch_body() -> bytes:
    payloads = [json.loads(p.read_text())["payload"] for p in sorted(CASES.glob("*.json"))]
    return b"".join(json.dumps(payloads[i % len(payloads)]).encode() + b"\n" for i in range(ROWS))


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "batna.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_worker_process_finishes_what_an_api_only_server_queued(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "worker") as url:
        migrate.upgrade(url)
        headers = {
            "Authorization": f"Bearer {new_key(url, 'worker-process')}",
            "content-type": "application/x-ndjson",
        }
        env = {
            **os.environ,
            "BATNA_RULES_DIR": str(RULES),
            "BATNA_DATABASE_URL": url,
            "BATNA_METRICS_DIR": str(tmp_path / "metrics"),  # as the chart's ConfigMap sets it
        }
        heartbeat = tmp_path / "worker.alive"
        assert _cli("worker", "--alive", str(heartbeat), env=env).returncode == 1  # none yet
        with serve(tmp_path / "server.log", url, BATNA_BATCH_WORKER="false") as server:
            created = httpx.post(
                f"{server.base}/v1/batches", content=_batch_body(), headers=headers, timeout=60
            )
            assert created.status_code == 202, created.text
            status_url = f"{server.base}/v1/batches/{created.json()['id']}"
            time.sleep(3)  # a server with a chunk worker would have started by now
            waiting = httpx.get(status_url, headers=headers, timeout=10).json()
            assert waiting["status"] == "queued"
            assert waiting["counts"]["done"] == 0

            log = (tmp_path / "worker.log").open("wb")
            worker = subprocess.Popen(
                [sys.executable, "-m", "batna.cli", "worker", "--heartbeat", str(heartbeat)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + 120
                while True:
                    state = httpx.get(status_url, headers=headers, timeout=10).json()
                    if state["status"] == "done":
                        break
                    assert worker.poll() is None, (tmp_path / "worker.log").read_text()
                    assert time.monotonic() < deadline, state
                    time.sleep(0.5)
                counts = state["counts"]  # some golden cases are invalid on purpose
                assert (counts["total"], counts["pending"]) == (ROWS, 0)
                assert counts["done"] > 0
                assert counts["done"] + counts["failed"] == ROWS
                assert _cli("worker", "--alive", str(heartbeat), env=env).returncode == 0
                worker.send_signal(signal.SIGTERM)
                assert worker.wait(timeout=30) == 0
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(timeout=10)
                log.close()
    stale = heartbeat.stat().st_mtime - 3600
    os.utime(heartbeat, (stale, stale))
    assert _cli("worker", "--alive", str(heartbeat), env=env).returncode == 1
