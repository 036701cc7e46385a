"""The TypeScript client (clients/typescript), built with tsc, exercised by Node's test
runner against the live server."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest

from tests.conftest import CASES, ROOT, new_key

TS = ROOT / "clients" / "typescript"


def test_the_typescript_client_against_a_live_server(
    live_server: str, api_key: str, database_url: str
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
    env = {
        **os.environ,
        "BATNA_URL": live_server,
        "BATNA_KEY": api_key,
        "BATNA_FRESH_KEY": new_key(database_url, f"ts-{uuid.uuid4().hex[:8]}"),
        "BATNA_CASES": str(CASES),
    }
    run = subprocess.run(
        ["node", "--test", "test/"],  # noqa: S607
        cwd=TS,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# pass 5" in run.stdout
    assert "# fail 0" in run.stdout
