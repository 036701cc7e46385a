"""The TypeScript client (clients/typescript), built with tsc, exercised by Node's test
runner against the live server, the flaky proxy in front of it (503s on cue) and a server
that lets a key send one request a second (429s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT, new_key
from tests.sdk.flaky import FlakyProxy
from tests.servers import serve

TS = ROOT / "clients" / "typescript"


def test_the_typescript_client_against_a_live_server(
    live_server: str, api_key: str, database_url: str, tmp_path: Path
) -> None:
    if shutil.which("node") is None:
        pytest.fail(
            "node is missing: apt-get update -q && DEBIAN_FRONTEND=noninteractive"
            " apt-get install -y -q nodejs npm (scripts/system-tools.sh, run by make test)"
        )
    if not (TS / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TS, check=True)  # noqa: S607
    subprocess.run(
        [str(TS / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"], cwd=TS, check=True
    )
    with (
        FlakyProxy(live_server) as flaky,
        serve(
            tmp_path / "throttled.log", database_url, BATNA_RATE_LIMIT="1", BATNA_RATE_BURST="1"
        ) as throttled,
    ):
        env = {
            **os.environ,
            "BATNA_URL": live_server,
            "BATNA_KEY": api_key,
            "BATNA_FRESH_KEY": new_key(database_url, f"ts-{uuid.uuid4().hex[:8]}"),
            "BATNA_CASES": str(CASES),
            "BATNA_FLAKY_URL": flaky.base,
            "BATNA_THROTTLED_URL": throttled.base,
            "BATNA_THROTTLED_KEY": new_key(database_url, f"ts-{uuid.uuid4().hex[:8]}"),
        }
        run = subprocess.run(
            ["node", "--test", "--test-concurrency=1", "test/"],  # noqa: S607
            cwd=TS,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# pass 10" in run.stdout
    assert "# fail 0" in run.stdout
