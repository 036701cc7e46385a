"""Signed completion webhooks over real HTTP: ``batna serve`` posts to a receiver on 127.0.0.1.

The receiver verifies every request with ``standardwebhooks.Webhook(secret).verify`` and
answers what each test scripts (failures first, then 200). Backoff is short through
``BATNA_WEBHOOK_BACKOFF_SECONDS``; every wait polls with a deadline.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from standardwebhooks import Webhook, WebhookVerificationError

from batna.store import Database, migrate
from batna.store.webhooks import WebhookStore
from batna.webhooks.deliverer import Deliverer
from tests.candidates import CANDIDATE, candidate_bundle
from tests.conftest import CASES, ROOT, fresh_database, new_key, sql
from tests.servers import serve

FAST = {
    "BATNA_WEBHOOK_BACKOFF_SECONDS": "0.2",
    "BATNA_WEBHOOK_TIMEOUT_SECONDS": "1",
    "BATNA_LOG_LEVEL": "warning",
}


class Receiver:
    """An HTTP endpoint on 127.0.0.1 that verifies signatures and answers as scripted.

    ``answers`` are the statuses of the first requests, in order (then 200, or 500 while
    ``down`` is set); the status ``0`` holds the request open until ``release`` is set,
    then answers 503.
    """

    def __init__(self, answers: list[int]) -> None:
        self.answers = list(answers)
        self.secret = ""
        self.seen: list[dict[str, Any]] = []
        self.release = threading.Event()
        self.down = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    Webhook(receiver.secret).verify(body, headers)
                    verified = True
                except WebhookVerificationError:
                    verified = False
                with receiver.lock:
                    if receiver.answers:
                        status = receiver.answers.pop(0)
                    else:
                        status = 500 if receiver.down.is_set() else 200
                    seen = {"headers": headers, "body": body, "verified": verified}
                    receiver.seen.append(seen)
                if status == 0:
                    receiver.release.wait(30)
                    status = 503
                seen["status"] = status
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.seen)


@pytest.fixture
def receiver_for() -> Iterator[Callable[[list[int]], Receiver]]:
    made: list[Receiver] = []

    def make(answers: list[int]) -> Receiver:
        receiver = Receiver(answers)
        receiver.thread.start()
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.release.set()
        receiver.server.shutdown()
        receiver.server.server_close()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, "hooks") as url:
        migrate.upgrade(url)
        yield url


def _until(what: str, check: Callable[[], Any], timeout: float = 60) -> Any:
    """Poll ``check`` until it answers something truthy; fail naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _rows(count: int) -> bytes:
    cases = [json.loads(p.read_text())["payload"] for p in sorted(CASES.glob("*.json"))]
    return b"".join(json.dumps(cases[i % len(cases)]).encode() + b"\n" for i in range(count))


def _register(base: str, auth: dict[str, str], receiver: Receiver) -> str:
    made = httpx.post(f"{base}/v1/webhooks", json={"url": receiver.url}, headers=auth, timeout=10)
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/v1/webhooks/{body['id']}"
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["batch.completed", "impact_analysis.completed"]
    receiver.secret = body["secret"]
    listed = httpx.get(f"{base}/v1/webhooks", headers=auth, timeout=10).json()
    assert [(h["id"], h["url"]) for h in listed["items"]] == [(body["id"], receiver.url)]
    assert "secret" not in listed["items"][0]  # shown once
    return str(body["id"])


def _upload(base: str, auth: dict[str, str], rows: int = 3) -> str:
    created = httpx.post(
        f"{base}/v1/batches",
        content=_rows(rows),
        headers={**auth, "content-type": "application/x-ndjson"},
        timeout=60,
    )
    assert created.status_code == 202, created.text
    return str(created.json()["id"])


def _deliveries(base: str, auth: dict[str, str], hook: str) -> list[dict[str, Any]]:
    got = httpx.get(f"{base}/v1/webhooks/{hook}/deliveries", headers=auth, timeout=10)
    assert got.status_code == 200, got.text
    items: list[dict[str, Any]] = got.json()["items"]
    return items


def _first_log(base: str, auth: dict[str, str], hook: str) -> list[dict[str, Any]] | None:
    """The first delivery's attempts, once the batch has finished and made one."""
    items = _deliveries(base, auth, hook)
    return items[0]["log"] if items else None


def _settled(base: str, auth: dict[str, str], hook: str) -> list[dict[str, Any]] | None:
    items = _deliveries(base, auth, hook)
    return items if items and items[0]["status"] != "pending" else None


def test_a_finished_batch_is_delivered_signed_and_verified(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    receiver = receiver_for([])
    auth = {"Authorization": f"Bearer {new_key(database, 'hooks')}"}
    with serve(tmp_path / "server.log", database, **FAST) as server:
        hook = _register(server.base, auth, receiver)
        batch = _upload(server.base, auth, rows=3)
        [delivery] = _until("the delivery", lambda: _settled(server.base, auth, hook))
        status = httpx.get(f"{server.base}/v1/batches/{batch}", headers=auth, timeout=10).json()

    [request] = receiver.requests()
    assert request["verified"]
    assert request["status"] == 200
    event = json.loads(request["body"])
    assert event["type"] == "batch.completed"
    data = event["data"]
    assert data["id"] == batch
    assert data["status"] == "done"
    assert data["counts"] == {"total": 3, "done": 3, "failed": 0, "pending": 0}
    assert data["results"] == f"/v1/batches/{batch}/results"
    assert data["report"] == f"/v1/batches/{batch}/report"
    assert data["finished_at"] == status["finished_at"]
    assert request["headers"]["webhook-id"] == delivery["event_id"]
    assert request["headers"]["content-type"] == "application/json"
    assert delivery["status"] == "delivered"
    assert delivery["type"] == "batch.completed"
    assert delivery["attempts"] == 1
    assert [(a["attempt"], a["status_code"], a["error"]) for a in delivery["log"]] == [
        (1, 200, None)
    ]
    # A signature made with another secret does not verify: the check is real.
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUFB" * 8).verify(request["body"], request["headers"])


def test_a_finished_impact_analysis_is_delivered(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    """``impact_analysis.completed`` leaves through the same outbox, with the last chunk."""
    receiver = receiver_for([])
    auth = {"Authorization": f"Bearer {new_key(database, 'impact-hooks')}"}
    candidate = candidate_bundle(tmp_path / "candidate")
    env = {**FAST, "BATNA_CANDIDATE_BUNDLES": str(candidate)}
    situation = json.loads((CASES / "TC-04.json").read_text())["payload"]
    with serve(tmp_path / "server.log", database, **env) as server:
        for _ in range(3):
            stored = httpx.post(
                f"{server.base}/v1/evaluations", json=situation, headers=auth, timeout=10
            )
            assert stored.status_code == 201, stored.text
        hook = _register(server.base, auth, receiver)
        made = httpx.post(
            f"{server.base}/v1/impact-analyses", json={"candidate": CANDIDATE}, headers=auth
        )
        assert made.status_code == 202, made.text
        analysis = made.json()["id"]
        [delivery] = _until("the delivery", lambda: _settled(server.base, auth, hook))

    [request] = receiver.requests()
    assert request["verified"]
    event = json.loads(request["body"])
    assert event["type"] == delivery["type"] == "impact_analysis.completed"
    assert event["data"]["id"] == analysis
    assert event["data"]["status"] == "done"
    assert event["data"]["candidate"] == CANDIDATE
    assert event["data"]["links"]["report"] == f"/v1/impact-analyses/{analysis}/report"
    assert delivery["status"] == "delivered"


def test_a_receiver_that_fails_twice_gets_three_attempts(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    receiver = receiver_for([500, 503])
    auth = {"Authorization": f"Bearer {new_key(database, 'hooks')}"}
    with serve(tmp_path / "server.log", database, **FAST) as server:
        hook = _register(server.base, auth, receiver)
        _upload(server.base, auth)
        [delivery] = _until("the delivery", lambda: _settled(server.base, auth, hook))

    assert delivery["status"] == "delivered"
    assert delivery["attempts"] == 3
    log = [(a["attempt"], a["status_code"], a["error"]) for a in delivery["log"]]
    assert log == [(1, 500, "HTTP 500"), (2, 503, "HTTP 503"), (3, 200, None)]
    stamps = [a["at"] for a in delivery["log"]]
    assert stamps == sorted(stamps)
    requests = receiver.requests()
    assert [r["status"] for r in requests] == [500, 503, 200]
    assert all(r["verified"] for r in requests)
    # One webhook-id for every retry (receivers dedupe by it), one body, fresh signatures.
    assert {r["headers"]["webhook-id"] for r in requests} == {delivery["event_id"]}
    assert len({r["body"] for r in requests}) == 1


def test_a_delivery_pending_at_a_crash_is_delivered_once_after_restart(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    """SIGKILL while the receiver holds the request: the next server delivers it."""
    receiver = receiver_for([0])  # the first request hangs until the server is dead
    auth = {"Authorization": f"Bearer {new_key(database, 'hooks')}"}
    log = tmp_path / "server.log"
    with serve(log, database, **FAST) as server:
        hook = _register(server.base, auth, receiver)
        _upload(server.base, auth)
        _until("the first attempt", receiver.requests)
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=20)
    receiver.release.set()
    # The outbox kept it: pending, held by a lease no live worker renews.
    assert sql(database, "SELECT status, attempts FROM webhook_deliveries") == [("pending", 0)]

    with serve(log, database, **FAST) as server:
        [delivery] = _until("the delivery", lambda: _settled(server.base, auth, hook))

    assert delivery["status"] == "delivered"
    requests = receiver.requests()
    assert [r["status"] for r in requests] == [503, 200]
    assert all(r["verified"] for r in requests)
    ids = [r["headers"]["webhook-id"] for r in requests]
    assert ids == [delivery["event_id"]] * 2
    delivered = [i for i, r in zip(ids, requests, strict=True) if 200 <= r["status"] < 300]
    assert delivered == [delivery["event_id"]]  # exactly once per webhook-id
    # The attempt cut off by the crash was never logged; the one that worked is.
    assert [(a["attempt"], a["status_code"]) for a in delivery["log"]] == [(1, 200)]


def test_a_delivery_pending_at_a_restart_is_delivered_after_it(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    """A receiver down while one server runs; a server started later delivers."""
    receiver = receiver_for([])
    receiver.down.set()
    auth = {"Authorization": f"Bearer {new_key(database, 'hooks')}"}
    log = tmp_path / "server.log"
    slow = {**FAST, "BATNA_WEBHOOK_BACKOFF_SECONDS": "0.5", "BATNA_WEBHOOK_MAX_ATTEMPTS": "30"}
    with serve(log, database, **slow) as server:
        hook = _register(server.base, auth, receiver)
        _upload(server.base, auth)
        _until("a failed attempt", lambda: _first_log(server.base, auth, hook))
    status, attempts = sql(database, "SELECT status, attempts FROM webhook_deliveries")[0]
    assert status == "pending"
    failed = len(receiver.requests())
    # An attempt cut off by the shutdown reached the receiver but is not logged.
    assert 1 <= attempts <= failed
    receiver.down.clear()

    with serve(log, database, **slow) as server:
        [delivery] = _until("the delivery", lambda: _settled(server.base, auth, hook))

    assert delivery["status"] == "delivered"
    requests = receiver.requests()
    assert [r["status"] for r in requests] == [500] * failed + [200]
    assert {r["headers"]["webhook-id"] for r in requests} == {delivery["event_id"]}
    assert [a["status_code"] for a in delivery["log"]] == [500] * attempts + [200]
    assert [a["attempt"] for a in delivery["log"]] == list(range(1, attempts + 2))
    assert all(r["verified"] for r in requests)


def test_endpoints_are_per_tenant_and_bad_urls_are_named(
    tmp_path: Path, database: str, receiver_for: Callable[[list[int]], Receiver]
) -> None:
    receiver = receiver_for([])
    mine = {"Authorization": f"Bearer {new_key(database, 'hooks-a')}"}
    theirs = {"Authorization": f"Bearer {new_key(database, 'hooks-b')}"}
    with serve(tmp_path / "server.log", database, **FAST) as server:
        base = server.base
        hook = _register(base, mine, receiver)
        assert httpx.get(f"{base}/v1/webhooks", headers=theirs).json() == {"items": []}
        for method in ("GET", "DELETE"):
            path = f"{base}/v1/webhooks/{hook}" + ("/deliveries" if method == "GET" else "")
            other = httpx.request(method, path, headers=theirs)
            assert other.status_code == 404, other.text
        for body, code, path in [
            ({"url": "ftp://example.com/x"}, "INVALID_URL", "/url"),
            ({"url": "https://"}, "INVALID_URL", "/url"),
            ({"url": "http://user:pw@example.com/"}, "INVALID_URL", "/url"),
            ({"url": 5}, "INVALID_TYPE", "/url"),
            ({}, "REQUIRED_FIELD_MISSING", "/url"),
            ({"url": "https://x.example/" + "a" * 2100}, "INVALID_LENGTH", "/url"),
            ({"url": "https://x.example/", "events": []}, "UNKNOWN_FIELD", "/events"),
        ]:
            refused = httpx.post(f"{base}/v1/webhooks", json=body, headers=mine)
            assert refused.status_code == 422, (body, refused.text)
            assert refused.headers["content-type"].startswith("application/problem+json")
            details = refused.json()["details"]
            assert [(d["code"], d["path"]) for d in details] == [(code, path)], body
        assert httpx.delete(f"{base}/v1/webhooks/{hook}", headers=mine).status_code == 204
        assert httpx.get(f"{base}/v1/webhooks", headers=mine).json() == {"items": []}
        gone = httpx.get(f"{base}/v1/webhooks/{hook}/deliveries", headers=mine)
        assert gone.status_code == 404
    assert sql(database, "SELECT count(*) FROM webhooks") == [(0,)]


def _cli(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BATNA_DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, "-m", "batna.cli", "webhooks", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_cli_adds_lists_and_removes_endpoints(database: str) -> None:
    tenant = f"cli-{uuid.uuid4().hex[:8]}"
    new_key(database, tenant)
    added = _cli(database, "add", tenant, "https://hooks.example/batna")
    assert added.returncode == 0, added.stderr
    secret = next(w for w in added.stdout.split() if w.startswith("whsec_"))
    Webhook(secret)  # a usable Standard Webhooks secret
    hook = added.stdout.split()[1]
    listed = _cli(database, "list", tenant)
    assert listed.returncode == 0
    assert hook in listed.stdout
    assert "https://hooks.example/batna" in listed.stdout
    assert "whsec_" not in listed.stdout
    sealed = sql(database, "SELECT secret_sealed FROM webhooks")[0][0]
    assert secret.encode() not in bytes(sealed)  # sealed at rest, not kept as sent

    bad = _cli(database, "add", tenant, "javascript:alert(1)")
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["details"][0]["path"] == "/url"
    assert _cli(database, "add", "no-such-tenant", "https://x.example/").returncode == 2
    assert _cli(database, "remove", tenant, hook).returncode == 0
    assert _cli(database, "remove", tenant, hook).returncode == 1


def test_an_idle_deliverer_polls_with_one_loop(tmp_path: Path) -> None:
    """With nothing due, one of its loops asks the database; the others wait for it.

    On a database of its own: the worker's shared one may hold deliveries other tests left
    due (in CI the deliverer then claimed 189 times in its second, working, not idle).
    """
    claims: list[str] = []
    with fresh_database(tmp_path, "idle") as url:
        migrate.upgrade(url)
        asyncio.run(_poll_idle(url, claims))
    # About ten polls a second from one loop (fewer on a busy machine, never more); four
    # loops polling each would make about forty.
    assert 1 <= len(claims) <= 13, len(claims)


async def _poll_idle(url: str, claims: list[str]) -> None:
    """Run a deliverer with four loops on ``url`` for a second, noting each claim query."""
    database = Database(url)

    def seen(_c: object, _cur: object, statement: str, *_: object) -> None:
        if "FROM webhook_deliveries" in statement and "lease_until" in statement:
            claims.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    deliverer = Deliverer(
        WebhookStore(database),
        timeout=1,
        max_attempts=3,
        backoff_seconds=0.2,
        concurrency=4,
        idle_seconds=0.1,
    )
    task = asyncio.create_task(deliverer.run())
    try:
        await asyncio.sleep(1.0)
    finally:
        deliverer.stop()
        await task
        await database.dispose()
