"""HTTP fixtures: the app in-process, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api import create_app
from batna.config import Settings
from batna.engine import Engine
from tests.conftest import KEY_PEPPER, ROOT, RULES

# Functional tests must not trip the rate limits; tests/contract/test_hardening.py sets
# small ones on purpose.
UNLIMITED = {
    "BATNA_RATE_LIMIT": "1000000",
    "BATNA_RATE_BURST": "1000000",
    "BATNA_AUTH_FAILURE_LIMIT": "1000000",
}


def settings_for(database_url: str, **extra: str) -> Settings:
    return Settings.from_env(
        {
            "BATNA_RULES_DIR": str(RULES),
            "BATNA_DATABASE_URL": database_url,
            "BATNA_KEY_PEPPER": KEY_PEPPER,
            **UNLIMITED,
            **extra,
        }
    )


@pytest.fixture(scope="session")
def app(engine: Engine, database_url: str) -> Litestar:
    return create_app(settings_for(database_url), engine)


@pytest.fixture(scope="session")
def client(app: Litestar, api_key: str) -> Iterator[TestClient[Litestar]]:
    """The app in-process, calling with a tenant's key."""
    with TestClient(app) as test_client:
        test_client.headers["Authorization"] = f"Bearer {api_key}"
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(log_path: Path, database_url: str, **env: str) -> Iterator[str]:
    """``batna serve`` in a subprocess on ``database_url``, its output in ``log_path``.

    ``env`` adds or overrides ``BATNA_*`` settings (rate limits are off unless it sets them).
    """
    port = _free_port()
    environment = {
        **os.environ,
        **UNLIMITED,
        "BATNA_RULES_DIR": str(RULES),
        "BATNA_DATABASE_URL": database_url,
        **env,
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "batna.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {log_path.read_text()}")
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[str]:
    """``batna serve`` in a subprocess on the worker's database, as an operator starts it."""
    with serve(tmp_path_factory.mktemp("server") / "server.log", database_url) as base:
        yield base


@pytest.fixture(scope="session")
def auth(api_key: str) -> dict[str, str]:
    """Headers that authenticate as the worker's test tenant."""
    return {"Authorization": f"Bearer {api_key}"}
