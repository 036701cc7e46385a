"""A batch upload is bounded by ``BATNA_INTAKE_TIMEOUT_SECONDS``, not the request bound.

An upload's length grows with its file and with the client's link: 100,000 rows take
seconds on an idle server, and more than the 30 s request bound on a busy one (seen in
CI: a 20,000-row upload to a server still starting answered 503). Real HTTP on
127.0.0.1: the client sends its rows slowly, the way a slow link delivers them.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

import httpx

from batna.store import migrate
from tests.conftest import CASES, fresh_database, new_key, sql
from tests.servers import Server, serve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ROW = (json.dumps(json.loads((CASES / "TC-01.json").read_text())["payload"]) + "\n").encode()
ROWS = 30
NDJSON = {"content-type": "application/x-ndjson"}


def _trickle(seconds: float) -> Iterator[bytes]:
    """``ROWS`` rows, one at a time, spread over ``seconds``."""
    for _ in range(ROWS):
        time.sleep(seconds / ROWS)
        yield ROW


@contextmanager
def _served(tmp_path: Path, upload_bound: int) -> Iterator[tuple[Server, dict[str, str], str]]:
    """A server with a 1 s request bound: it, an upload's headers, its database's URL."""
    with fresh_database(tmp_path, "bound") as url:
        migrate.upgrade(url)
        headers = {"Authorization": f"Bearer {new_key(url, 'bound')}", **NDJSON}
        bounds = {"BATNA_REQUEST_TIMEOUT": "1", "BATNA_INTAKE_TIMEOUT_SECONDS": str(upload_bound)}
        with serve(tmp_path / "server.log", url, **bounds) as server:
            yield server, headers, url


def test_an_upload_longer_than_the_request_bound_is_accepted(tmp_path: Path) -> None:
    with _served(tmp_path, upload_bound=30) as (server, headers, _):
        started = time.monotonic()
        slow = httpx.post(
            f"{server.base}/v1/batches", content=_trickle(3), headers=headers, timeout=60
        )
        took = time.monotonic() - started
    assert took > 3  # three times the request bound
    assert slow.status_code == 202, slow.text
    assert slow.json()["counts"]["total"] == ROWS


def test_an_upload_past_its_own_bound_is_refused_and_keeps_nothing(tmp_path: Path) -> None:
    with _served(tmp_path, upload_bound=2) as (server, headers, url):
        try:
            late = httpx.post(
                f"{server.base}/v1/batches", content=_trickle(6), headers=headers, timeout=60
            )
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            pass  # the server answered and closed while the rows were still coming
        else:
            assert late.status_code == 503, late.text
            assert late.json()["error"] == "TIMEOUT"
        assert sql(url, "SELECT count(*) FROM batches")[0][0] == 0
        assert sql(url, "SELECT count(*) FROM batch_items")[0][0] == 0
