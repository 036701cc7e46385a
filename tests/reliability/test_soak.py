"""One million distinct evaluations in one process: memory stays flat.

durable-rules facts are retracted after each evaluation (one session is reused), and the
explanation cache is bounded (every situation here differs in amounts the rules read, so
the cache keeps seeing new keys).

It does not touch the database, so it runs in the SQLite pass of ``make test`` only.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, database_kind
from tests.integration.test_runtime import SOAK

pytestmark = pytest.mark.slow
TOTAL = 1_000_000


def test_a_million_evaluations_keep_memory_flat() -> None:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    run = subprocess.run(
        [sys.executable, "-c", SOAK, str(ROOT), str(TOTAL)],
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"
    rss = json.loads(run.stdout)
    growth = rss["late"] - rss["early"]
    summary = (
        f"soak: {TOTAL:,} evaluations; RSS {rss['early']:.1f} MiB at 10%, "
        f"{rss['late']:.1f} MiB at the end (growth {growth:+.1f} MiB)"
    )
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "soak.txt").write_text(summary + "\n")
    print(summary)  # noqa: T201 - the figure for the closing note
    assert growth < 8, rss
