"""A PostgreSQL table lock held past the database timeout, under a real ``batna serve``.

Why: a statement that waits on a lock ends in the driver's timeout, a ``TimeoutError``
with no text at all. A read must still answer a retryable 503 problem (the problem
handler once failed on the empty text and answered 500), and an export already
streaming when its next page times out must end its connection, so the client sees a
broken download (and resumes with its cursor) instead of waiting for a chunk that never
comes. The lock is taken by another connection, as a migration or a ``VACUUM FULL``
would take it. PostgreSQL only: SQLite's WAL mode never makes a reader wait.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Final, NamedTuple

import asyncpg
import httpx
import pytest

from batna.api.v1.export import PAGE
from batna.store import migrate
from tests.conftest import CASES, database_kind, fresh_database, new_key
from tests.servers import serve

pytestmark = pytest.mark.slow

DB_TIMEOUT: Final = 1  # BATNA_DATABASE_TIMEOUT: statements give up after 2 s
# Three pages and a bit (records of 4-6 KB): more than the kernel buffers between the two
# ends hold, so the server is still sending when the lock is taken, and has pages left to
# read behind it.
RECORDS: Final = 3 * PAGE + 20
SMALL_BUFFER: Final = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if database_kind() != "postgresql":
        pytest.skip("a PostgreSQL lock: runs in the PostgreSQL pass")


@contextmanager
def locked(database_url: str, table: str) -> Iterator[None]:
    """``table`` held in ACCESS EXCLUSIVE mode by another connection until the block ends.

    The lock lives in PostgreSQL's open transaction: the connection's loop may idle.
    """
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
    loop = asyncio.new_event_loop()
    connection = loop.run_until_complete(asyncpg.connect(dsn))
    try:
        loop.run_until_complete(connection.execute("BEGIN"))
        loop.run_until_complete(connection.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        yield
        loop.run_until_complete(connection.execute("ROLLBACK"))
    finally:
        loop.run_until_complete(connection.close())
        loop.close()


def _store(client: httpx.Client, count: int) -> list[str]:
    """``count`` stored evaluations of TC-04, from four threads; their ids, in id order."""
    body = json.dumps(json.loads((CASES / "TC-04.json").read_text())["payload"]).encode()

    def post(_: int) -> str:
        created = client.post(
            "/v1/evaluations", content=body, headers={"Content-Type": "application/json"}
        )
        assert created.status_code == 201, created.text
        return str(created.json()["id"])

    with ThreadPoolExecutor(4) as pool:
        return sorted(pool.map(post, range(count)))


class Served(NamedTuple):
    """A server with a short database timeout, a client with a key, its database."""

    client: httpx.Client
    url: str
    log: Callable[[], str]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with fresh_database(tmp_path, "locks") as url:
        migrate.upgrade(url)
        token = new_key(url, "locks")
        timeout = str(DB_TIMEOUT)
        with (
            serve(tmp_path / "server.log", url, BATNA_DATABASE_TIMEOUT=timeout) as server,
            httpx.Client(
                base_url=server.base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            ) as client,
        ):
            yield Served(client, url, server.log)


def test_a_read_waiting_on_a_lock_answers_503_then_200(served: Served) -> None:
    client, url, log = served
    (record,) = _store(client, 1)
    with locked(url, "evaluations"):
        refused = client.get(f"/v1/evaluations/{record}")
    assert refused.status_code == 503, f"{refused.status_code} {refused.text}\n{log()}"
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["error"] == "STORE_UNAVAILABLE"
    assert client.get(f"/v1/evaluations/{record}").status_code == 200
    assert "store unavailable" in log()
    assert "TimeoutError" in log()


def test_an_export_cut_by_a_lock_mid_stream_ends_its_connection(served: Served) -> None:
    client, url, log = served
    ids = _store(client, RECORDS)
    received: list[str] = []
    reader = httpx.Client(
        base_url=client.base_url,
        headers=client.headers,
        timeout=30,
        transport=httpx.HTTPTransport(socket_options=SMALL_BUFFER),
    )
    with reader, reader.stream("GET", "/v1/evaluations:export") as response:
        assert response.status_code == 200
        assert response.headers["export-last-id"] == ids[-1]
        lines = response.iter_lines()
        received.append(json.loads(next(lines))["id"])
        time.sleep(1)  # the server fills the buffers and waits for this reader
        with locked(url, "evaluations"):
            started = time.monotonic()
            # Reading lets the server on, to a page that waits behind the lock until the
            # statement times out; then the connection must end, not stay silent.
            with pytest.raises(httpx.RemoteProtocolError):
                received.extend(json.loads(line)["id"] for line in lines)
            waited = time.monotonic() - started
    assert waited < 20 * DB_TIMEOUT, f"the broken export took {waited:.1f} s\n{log()}"
    assert received == ids[: len(received)], "the lines came out of order"
    assert len(received) < len(ids), "the whole export arrived despite the lock"
    # Resumed from the last complete line, the export sends exactly the rest.
    resumed = client.get("/v1/evaluations:export", params={"cursor": received[-1]})
    assert resumed.status_code == 200
    assert received + [json.loads(line)["id"] for line in resumed.text.splitlines()] == ids
