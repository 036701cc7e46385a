"""schemathesis in its stateful mode: sequences that follow the OpenAPI links
(create → read, results, report → delete) on a live server, at least 1,000 examples.

Runs once, in the PostgreSQL pass of ``make test`` (about 70 s).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, database_kind

pytestmark = pytest.mark.slow
CONFIG = ROOT / "tests" / "contract" / "schemathesis.toml"


def test_stateful_sequences_along_the_links(live_server: str, api_key: str) -> None:
    if database_kind() != "postgresql":
        pytest.skip("runs once, in the PostgreSQL pass")
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(CONFIG),
            "--no-color",
            "run",
            f"{live_server}/openapi.json",
            "--header",
            f"Authorization: Bearer {api_key}",
            "--phases",
            "stateful",
            "--checks",
            "all",
            "--max-examples",
            "1000",
            "--seed",
            "20261123",
            "--generation-database",
            "none",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=1500,
    )
    output = run.stdout + run.stderr
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "schemathesis-stateful.txt").write_text(output)
    assert run.returncode == 0, output[-6000:]
    summary = [line for line in output.splitlines() if re.search(r"\d+ generated", line)]
    assert summary, output[-3000:]
    generated = int(re.search(r"(\d+) generated", summary[-1]).group(1))  # type: ignore[union-attr]
    assert generated >= 1000, summary[-1]
    assert "Stateful" in output
