"""A server process freezes what start-up built, so that full collections skip it.

Unfrozen, a full collection in a server walked about 118,000 start-up objects and took
65-85 ms under load, stalling every request in flight. The app is built by the server's
own entry point (``app_factory``) and started by its lifespan in a separate interpreter,
so the test process's collector and logging are left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, RULES

_SCRIPT = """
import gc
from litestar.testing import TestClient
from batna.api.asgi import app_factory

app = app_factory()
before = gc.get_freeze_count()
with TestClient(app) as client:
    assert client.get("/healthz").status_code == 200
    print(before, gc.get_freeze_count())
"""


def test_a_server_process_freezes_its_start_up_heap(database_url: str) -> None:
    env = {**os.environ, "BATNA_DATABASE_URL": database_url, "BATNA_RULES_DIR": str(RULES)}
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,  # the assertion below shows stderr
    )
    assert run.returncode == 0, run.stderr
    before, started = (int(n) for n in run.stdout.split())
    assert before == 0  # nothing is frozen while the app is only built
    assert started > 50_000  # start-up's objects, not a handful
