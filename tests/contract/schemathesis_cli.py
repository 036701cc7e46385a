"""Running the schemathesis CLI against a live server, with the repository's settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CONFIG = ROOT / "schemathesis.toml"


def run_schemathesis(
    live_server: str, api_key: str, *options: str, artifact: str, timeout: int
) -> tuple[str, int, int]:
    """Run ``schemathesis run`` with ``options``; return its output, exit code and count.

    The count is the number of test cases generated. The output is kept in
    ``artifacts/<artifact>`` for a failure to be read in CI. One schemathesis worker: with
    two, hypothesis's lambda-source cache raced inside schemathesis ("AST constructor
    recursion depth mismatch"), an error of the tool, not of the API.
    """
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
            "--generation-database",
            "none",
            # A response that never ends fails its case, named with its curl, instead of
            # stalling the run silently until the test's own limit.
            "--request-timeout",
            "60",
            *options,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,  # the config's hooks path is relative to it
        timeout=timeout,
    )
    output = run.stdout + run.stderr
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / artifact).write_text(output)
    found = re.findall(r"(\d+) generated", output)
    return output, run.returncode, int(found[-1]) if found else 0
