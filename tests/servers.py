"""batna as an operator runs it, for the tests: ``batna serve`` and ``batna batch`` subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.conftest import ROOT, RULES

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Off unless a test sets them: a shared server must never throttle a suite; the limit
# tests set small ones on purpose.
UNLIMITED = {
    "BATNA_RATE_LIMIT": "1000000",
    "BATNA_RATE_BURST": "1000000",
    "BATNA_AUTH_FAILURE_LIMIT": "1000000",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A running ``batna serve``: its base URL, its process (group) and its log."""

    def __init__(self, base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
        self.base = base
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        """The end of what it wrote."""
        return self.log_path.read_text(errors="replace")[-8000:]


@contextmanager
def serve(
    log_path: Path,
    database_url: str,
    *,
    workers: int | None = None,
    ready: str = "/readyz",
    deadline: float = 60,
    **env: str,
) -> Iterator[Server]:
    """``batna serve`` on ``database_url``, its output appended to ``log_path``.

    Waits until ``ready`` answers 200. ``env`` adds or overrides ``BATNA_*`` settings
    (rate limits are off unless it sets them). The server runs in its own process group,
    stopped as a whole (every worker) on the way out.
    """
    port = free_port()
    environment = {
        **os.environ,
        **UNLIMITED,
        "BATNA_RULES_DIR": str(RULES),
        "BATNA_DATABASE_URL": database_url,
        **env,
    }
    command = [sys.executable, "-m", "batna.cli", "serve", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    with log_path.open("ab") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: one signal takes every worker
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        stop = time.monotonic() + deadline
        while True:
            with suppress(httpx.TransportError):
                if httpx.get(f"{server.base}{ready}", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > stop:
                pytest.fail(f"server did not start:\n{server.log()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def batna_batch(
    source: Path, out: Path, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """``batna batch SOURCE -o OUT --quiet ARGS…`` with the repository's rules."""
    command = [sys.executable, "-m", "batna.cli", "--rules", str(RULES), "batch"]
    return subprocess.run(
        [*command, str(source), "-o", str(out), "--quiet", *args],
        cwd=ROOT,
        check=False,
        capture_output=True,
        timeout=timeout,
    )
