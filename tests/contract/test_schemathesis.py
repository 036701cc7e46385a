"""schemathesis fuzzes the live server against its own contract: every operation, all checks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CONFIG = Path(__file__).with_name("schemathesis.toml")
# One worker: with two, hypothesis's lambda-source cache raced inside schemathesis
# ("AST constructor recursion depth mismatch"), an error of the tool, not of the API.


def test_schemathesis_all_checks_zero_failures(
    live_server: str, api_key: str, tmp_path: Path
) -> None:
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
            "--checks",
            "all",
            "--max-examples",
            "200",
            "--seed",
            "20251123",
            "--generation-database",
            "none",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=900,
    )
    output = run.stdout + run.stderr
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "schemathesis.txt").write_text(output)
    assert run.returncode == 0, output[-6000:]
    summary = [line for line in output.splitlines() if re.search(r"\d+ passed", line)]
    assert summary, output[-3000:]
    assert "failed" not in summary[-1] or re.search(r"\b0 failed", summary[-1])
