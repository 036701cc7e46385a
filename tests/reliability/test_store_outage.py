"""A real database outage under load: batna answers 503 problems, then recovers by itself.

Why: the audit store is the one dependency a running batna cannot do without. When it
goes away a caller must get a retryable 503 problem (never a 500, never a 401 for a good
key, never a hang), batna must come back without a restart once the database does, and
above all no evaluation may be answered 201 ("stored") unless it really was committed.

The PostgreSQL test runs its own throwaway cluster (never the shared server other tests
use), puts ``batna serve`` in front of it, keeps POSTing evaluations from a few threads,
and stops the cluster twice underneath them: a clean ``-m fast`` shutdown and a crash
(``-m immediate``). Afterwards every id answered 201 is read back. The SQLite test holds
the file's write lock from another connection for longer than the busy timeout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

import httpx
import pytest

from tests.conftest import CASES, ROOT, RULES
from tests.servers import UNLIMITED, Server, free_port, serve

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

pytestmark = pytest.mark.slow

PG_BIN: Final = Path("/usr/lib/postgresql/15/bin")
RUNUSER: Final = shutil.which("runuser") or "/usr/sbin/runuser"
DB_TIMEOUT: Final = 2  # BATNA_DATABASE_TIMEOUT of the server under test, seconds
HTTP_TIMEOUT: Final = 10.0
RECOVERY_LIMIT: Final = 30.0
OUTAGE_SECONDS: Final = 3.0
TOKEN: Final = re.compile(r"batna_[0-9a-f]+_[A-Za-z0-9_-]+")
PROBLEM_JSON: Final = "application/problem+json"
ARTIFACT: Final = ROOT / "artifacts" / "outage.txt"
# A missing tool fails the test (scripts/system-tools.sh, run by make test, installs them).
_INSTALL: Final = "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q"


def _payload() -> dict[str, Any]:
    case: dict[str, Any] = json.loads((CASES / "TC-04.json").read_text())
    return case["payload"]


# --- a throwaway PostgreSQL cluster ------------------------------------------------------


class Cluster:
    """One PostgreSQL 15 cluster in a temporary directory, run as the ``postgres`` user."""

    def __init__(self, data: Path, port: int) -> None:
        self.data = data
        self.port = port
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [RUNUSER, "-u", "postgres", "--", str(PG_BIN / program), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}\n--- cluster log ---\n{self.log()}"
            )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c fsync=off -c listen_addresses=127.0.0.1 -k {self.data}"
        log = str(self.data / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def log(self) -> str:
        path = self.data / "log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A fresh, started cluster on a free port; stopped and deleted afterwards."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.fail(f"PostgreSQL 15 binaries not found in {PG_BIN}: {_INSTALL} postgresql-15")
    if not Path(RUNUSER).exists():
        pytest.fail(f"runuser runs initdb/pg_ctl as the postgres user: {_INSTALL} util-linux")
    root = Path(tempfile.mkdtemp(prefix="batna-outage-"))
    data = root / "data"
    found = Cluster(data, free_port())
    try:
        data.mkdir(mode=0o700)
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
        found.init()
        found.start()
        yield found
    finally:
        try:
            if found.running():
                found.stop("immediate")
        finally:
            shutil.rmtree(root, ignore_errors=True)


# --- batna, as an operator runs it -------------------------------------------------------


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        **UNLIMITED,
        "BATNA_RULES_DIR": str(RULES),
        "BATNA_DATABASE_URL": database_url,
        "BATNA_DATABASE_TIMEOUT": str(DB_TIMEOUT),
    }


def _cli(database_url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "batna.cli", *args],
        cwd=ROOT,
        env=_env(database_url),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, f"batna {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def _prepare(database_url: str) -> str:
    """Migrate the database and return a fresh API key, the way an operator does it."""
    _cli(database_url, "db", "upgrade")
    found = TOKEN.search(_cli(database_url, "keys", "create", "--tenant", "outage-test"))
    assert found is not None, "batna keys create printed no key"
    return found.group(0)


def _serve(database_url: str, log_path: Path) -> AbstractContextManager[Server]:
    """``batna serve``, waited for on /healthz (readiness is the test's business)."""
    timeout = str(DB_TIMEOUT)
    return serve(log_path, database_url, ready="/healthz", BATNA_DATABASE_TIMEOUT=timeout)


def _wait_ready(base: str, limit: float) -> float:
    """Seconds until /readyz answers 200; fails after ``limit``."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            if httpx.get(f"{base}/readyz", timeout=HTTP_TIMEOUT).status_code == 200:
                return time.monotonic() - start
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"/readyz not 200 within {limit} s")


def _assert_store_problem(response: httpx.Response, what: str) -> None:
    """A 503 problem that says the store is unavailable and when to retry."""
    assert response.status_code == 503, f"{what}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith(PROBLEM_JSON), what
    assert int(response.headers["retry-after"]) > 0, what
    body = response.json()
    assert body["status"] == 503, what
    assert body["error"] == "STORE_UNAVAILABLE", f"{what}: {body}"


# --- the load: POSTs from a few threads, every outcome recorded ---------------------------


@dataclass(frozen=True)
class Outcome:
    """One POST: when it was sent and answered, and what came back."""

    sent: float
    done: float
    status: int  # 0: no HTTP answer at all (transport error)
    id: str | None
    idempotency_key: str | None
    detail: str  # the problem's error code, content type and Retry-After, or the exception


class Load:
    """Threads that POST evaluations until stopped, each with its own HTTP client."""

    def __init__(self, base: str, token: str, threads: int = 4, pause: float = 0.02) -> None:
        self.base = base
        self.token = token
        self.pause = pause
        self.outcomes: list[Outcome] = []
        self.bodies: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._body = json.dumps(_payload()).encode()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def __enter__(self) -> Self:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=HTTP_TIMEOUT + 5)

    def alive(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def snapshot(self) -> list[Outcome]:
        with self._lock:
            return list(self.outcomes)

    def _run(self, number: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=HTTP_TIMEOUT) as client:
            sequence = 0
            while not self._stop.is_set():
                sequence += 1
                key = (
                    f"outage-{number}-{sequence}-{uuid.uuid4().hex}" if sequence % 3 == 0 else None
                )
                self._one(client, key)
                time.sleep(self.pause)

    def _one(self, client: httpx.Client, key: str | None) -> None:
        extra = {"Idempotency-Key": key} if key else {}
        sent = time.monotonic()
        record_id: str | None = None
        body: dict[str, Any] | None = None
        try:
            response = client.post("/v1/evaluations", content=self._body, headers=extra)
            status = response.status_code
            kind = response.headers.get("content-type", "")
            if status == 201:
                body = response.json()
                record_id = body["id"]
                detail = response.headers.get("location", "")
            elif kind.startswith(PROBLEM_JSON):
                error = response.json().get("error")
                detail = f"{error} {kind} retry-after={response.headers.get('retry-after')}"
            else:
                detail = f"{kind} {response.text[:200]}"
        except Exception as exc:  # noqa: BLE001 - every failure is an outcome to assert on
            status, detail = 0, f"{type(exc).__name__}: {exc}"
        outcome = Outcome(sent, time.monotonic(), status, record_id, key, detail)
        with self._lock:
            self.outcomes.append(outcome)
            if record_id is not None and body is not None:
                self.bodies[record_id] = body


@dataclass(frozen=True)
class Cycle:
    """One outage: when the database was down for sure, and how long recovery took."""

    mode: str
    down: float  # pg_ctl stop had returned
    up: float  # pg_ctl start was about to be called
    restarted: float  # pg_ctl start had returned
    recovery: float  # seconds from ``restarted`` to /readyz 200


def _outage(cluster: Cluster, server: Server, load: Load, mode: str) -> Cycle:
    """Stop the cluster (``mode``), check the 503s, start it again, wait for recovery."""
    cluster.stop(mode)
    down = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    ready = httpx.get(f"{server.base}/readyz", timeout=HTTP_TIMEOUT)
    _assert_store_problem(ready, f"/readyz during the {mode} outage")
    refused = [
        o
        for o in load.snapshot()
        if o.sent > down and o.status == 503 and o.detail.startswith("STORE_UNAVAILABLE")
    ]
    assert refused, f"no POST got a STORE_UNAVAILABLE 503 during the {mode} outage"
    assert all(f"{PROBLEM_JSON} retry-after=" in o.detail for o in refused)
    assert all("retry-after=None" not in o.detail for o in refused)
    up = time.monotonic()
    cluster.start()
    restarted = time.monotonic()
    recovery = _wait_ready(server.base, RECOVERY_LIMIT)
    deadline = restarted + RECOVERY_LIMIT
    while not any(o.sent > restarted and o.status == 201 for o in load.snapshot()):
        assert time.monotonic() < deadline, f"no 201 within {RECOVERY_LIMIT} s of restart"
        assert load.alive(), "the load threads died"
        time.sleep(0.1)
    return Cycle(mode=mode, down=down, up=up, restarted=restarted, recovery=recovery)


def _stored_ids(client: httpx.Client) -> set[str]:
    """Every record id of the tenant, through the listing's cursor pagination."""
    found: set[str] = set()
    cursor: str | None = None
    while True:
        params = {"limit": "200"} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/evaluations", params=params)
        assert page.status_code == 200, page.text
        found.update(item["id"] for item in page.json()["items"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return found


def test_postgres_outage_answers_503_and_recovers_without_a_restart(
    cluster: Cluster, tmp_path: Path
) -> None:
    token = _prepare(cluster.url)
    with _serve(cluster.url, tmp_path / "server.log") as server:
        _wait_ready(server.base, 30)
        with Load(server.base, token) as load:
            time.sleep(1.5)
            cycles = [_outage(cluster, server, load, mode) for mode in ("fast", "immediate")]
            time.sleep(1.5)
        assert not load.alive(), "a load thread hung past its HTTP timeout"
        outcomes = load.snapshot()
        statuses: dict[int, int] = {}
        for outcome in outcomes:
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        others = [o for o in outcomes if o.status not in (201, 503)]
        assert not others, f"unexpected answers: {others[:5]}\n--- server log ---\n{server.log()}"
        odd_503 = [o for o in outcomes if o.status == 503 and "STORE_UNAVAILABLE" not in o.detail]
        assert not odd_503, odd_503[:5]

        created = [o for o in outcomes if o.status == 201]
        ids = [o.id for o in created if o.id is not None]
        assert len(ids) == len(created) == len(set(ids)), "a 201 without an id, or a repeated id"
        for cycle in cycles:
            impossible = [o for o in created if o.sent > cycle.down and o.done < cycle.up]
            assert not impossible, f"201 while the database was down ({cycle.mode}): {impossible}"
        assert [o for o in created if o.sent > cycles[-1].restarted], "no 201 after recovery"

        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=HTTP_TIMEOUT) as client:
            missing: list[str] = []
            for outcome in created:
                record_id = outcome.id
                assert outcome.detail == f"/v1/evaluations/{record_id}", outcome  # Location
                got = client.get(f"/v1/evaluations/{record_id}")
                if got.status_code != 200:
                    missing.append(f"{record_id}: {got.status_code}")
                    continue
                record = got.json()
                assert record["id"] == record_id
                assert record["evaluation"] == load.bodies[record_id], record_id
            assert not missing, f"answered 201 but not stored: {missing[:10]} of {len(missing)}"
            stored = _stored_ids(client)
        assert stored >= set(ids)
        unacknowledged = len(stored - set(ids))  # committed, but the answer was a 503
        assert unacknowledged <= statuses.get(503, 0)

    summary = (
        f"postgres outage (fast + immediate stop, {OUTAGE_SECONDS:.0f} s each, "
        f"BATNA_DATABASE_TIMEOUT={DB_TIMEOUT}): {len(outcomes)} requests, "
        f"{statuses.get(201, 0)} answered 201, {statuses.get(503, 0)} answered 503, "
        f"{len(others)} other; {len(ids)} ids verified by GET "
        f"({sum(1 for o in created if o.idempotency_key)} with an Idempotency-Key), "
        f"{unacknowledged} stored although answered 503; /readyz 200 again "
        + ", ".join(f"{c.recovery:.2f} s ({c.mode})" for c in cycles)
        + " after restart"
    )
    print(summary)  # noqa: T201 - the figure for the closing note
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(summary + "\n")


# --- SQLite: the file's write lock held past the busy timeout -----------------------------


def test_sqlite_write_lock_past_the_busy_timeout_answers_503_then_201(tmp_path: Path) -> None:
    path = tmp_path / "batna.db"
    url = f"sqlite+aiosqlite:///{path}"
    token = _prepare(url)
    headers = {"Authorization": f"Bearer {token}"}
    body = json.dumps(_payload()).encode()
    with (
        _serve(url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.base, headers=headers, timeout=HTTP_TIMEOUT) as client,
    ):
        _wait_ready(server.base, 30)
        locker = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            assert locker.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            locker.execute("BEGIN EXCLUSIVE")
            sent = time.monotonic()
            refused = client.post(
                "/v1/evaluations", content=body, headers={"Content-Type": "application/json"}
            )
            waited = time.monotonic() - sent
            _assert_store_problem(refused, f"POST while the write lock is held\n{server.log()}")
            assert waited >= DB_TIMEOUT * 0.9, (
                f"answered after {waited:.2f} s, before the busy timeout"
            )
        finally:
            if locker.in_transaction:
                locker.execute("ROLLBACK")
            locker.close()

        created = client.post(
            "/v1/evaluations", content=body, headers={"Content-Type": "application/json"}
        )
        assert created.status_code == 201, f"{created.status_code} {created.text}\n{server.log()}"
        record_id = created.json()["id"]
        assert client.get(f"/v1/evaluations/{record_id}").status_code == 200
        listed = client.get("/v1/evaluations")
        assert listed.status_code == 200
        assert [item["id"] for item in listed.json()["items"]] == [record_id], (
            "the refused POST left a record behind"
        )
        logged = server.log()
        assert "store unavailable" in logged
        for secret in ("60000", "Fund-raising", "INSERT INTO"):  # no pay, no text, no SQL
            assert secret not in logged, secret
    print(  # noqa: T201 - the figure for the closing note
        f"sqlite write lock: POST answered 503 STORE_UNAVAILABLE after {waited:.2f} s "
        f"(busy timeout {DB_TIMEOUT} s); 201 once the lock was released"
    )
