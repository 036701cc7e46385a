"""Shutdown stops the background loops between statements instead of cancelling them.

A loop cancelled in the middle of a SQLite statement leaves aiosqlite's thread to answer
an event loop that shutdown then closes; the thread dies with "Event loop is closed"
(seen once in CI, in whichever test ran next).
"""

from __future__ import annotations

import asyncio

from litestar.testing import TestClient

from batna.api import create_app
from batna.engine import Engine, Rulesets
from tests.contract.conftest import settings_for


def test_shutdown_lets_the_worker_and_the_deliverer_return(
    engine: Engine, database_url: str
) -> None:
    app = create_app(settings_for(database_url), Rulesets(engine))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        tasks: list[asyncio.Task[None]] = [app.state.worker, app.state.deliverer]
        assert not any(task.done() for task in tasks)
    for task in tasks:
        assert task.done()
        assert not task.cancelled(), f"{task.get_name()} was cancelled, not stopped"
        assert task.exception() is None
