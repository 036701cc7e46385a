"""The Python SDK's retries (batna_client.retry) against real servers.

429: a ``batna serve`` whose keys may send one request a second, so the second call in a
row is refused with ``Retry-After: 1``. 503: the flaky proxy (tests/sdk/flaky.py) in front
of the live server, answering 503 on cue, with a Retry-After in seconds, as an HTTP-date,
or none (then backoff), and once after passing the request on (the answer lost).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator

import pytest
from batna_client.api.evaluations import evaluate_batch, evaluate_situation
from batna_client.api.rulesets import list_rulesets
from batna_client.models import BatchRequest, Situation
from batna_client.retry import Retry, RetryPolicy, connect

from tests.conftest import CASES, new_key
from tests.sdk.flaky import FlakyProxy, Step
from tests.servers import Server, serve


def _situation() -> Situation:
    return Situation.from_dict(json.loads((CASES / "TC-04.json").read_text())["payload"])


@pytest.fixture(scope="module")
def throttled(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Server]:
    """A server that lets each key send one request a second (burst 1)."""
    log = tmp_path_factory.mktemp("throttled") / "server.log"
    with serve(log, database_url, BATNA_RATE_LIMIT="1", BATNA_RATE_BURST="1") as server:
        yield server


@pytest.fixture
def proxy(live_server: str) -> Iterator[FlakyProxy]:
    with FlakyProxy(live_server) as flaky:
        yield flaky


def _fresh_key(database_url: str) -> str:
    return new_key(database_url, f"retry-{uuid.uuid4().hex[:8]}")


def test_a_429_waits_its_retry_after_then_succeeds(throttled: Server, database_url: str) -> None:
    retries: list[Retry] = []
    policy = RetryPolicy(on_retry=retries.append)
    with connect(throttled.base, _fresh_key(database_url), retry=policy) as client:
        assert list_rulesets.sync_detailed(client=client).status_code == 200  # the one token
        started = time.monotonic()
        second = list_rulesets.sync_detailed(client=client)
        slept = time.monotonic() - started
    assert second.status_code == 200
    assert [(r.attempt, r.status, r.retry_after, r.wait) for r in retries] == [(1, 429, 1.0, 1.0)]
    assert slept >= 1.0  # it really waited the Retry-After


def test_an_evaluation_with_an_idempotency_key_is_retried_after_429(
    throttled: Server, database_url: str
) -> None:
    retries: list[Retry] = []
    with connect(
        throttled.base, _fresh_key(database_url), retry=RetryPolicy(on_retry=retries.append)
    ) as client:
        list_rulesets.sync_detailed(client=client)
        answered = evaluate_situation.sync_detailed(
            client=client, body=_situation(), idempotency_key=str(uuid.uuid4())
        )
    assert answered.status_code == 201
    assert [(r.status, r.method) for r in retries] == [(429, "POST")]


def test_a_post_without_an_idempotency_key_is_not_retried(
    throttled: Server, database_url: str
) -> None:
    retries: list[Retry] = []
    with connect(
        throttled.base, _fresh_key(database_url), retry=RetryPolicy(on_retry=retries.append)
    ) as client:
        list_rulesets.sync_detailed(client=client)
        body = BatchRequest.from_dict({"situations": [_situation().to_dict()]})
        refused = evaluate_batch.sync_detailed(client=client, body=body)
    assert refused.status_code == 429
    assert retries == []


def test_retries_stop_at_the_wait_bound(throttled: Server, database_url: str) -> None:
    retries: list[Retry] = []
    policy = RetryPolicy(max_wait=0.5, on_retry=retries.append)  # Retry-After 1 is too long
    with connect(throttled.base, _fresh_key(database_url), retry=policy) as client:
        list_rulesets.sync_detailed(client=client)
        refused = list_rulesets.sync_detailed(client=client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 1
    assert retries == []


def test_a_503_waits_an_http_date_then_backs_off_then_succeeds(
    proxy: FlakyProxy, api_key: str
) -> None:
    proxy.plan([Step(503, "date:+2"), Step(503)])
    retries: list[Retry] = []
    policy = RetryPolicy(backoff=0.2, on_retry=retries.append)
    with connect(proxy.base, api_key, retry=policy) as client:
        answered = list_rulesets.sync_detailed(client=client)
    assert answered.status_code == 200
    assert [s.answered for s in proxy.seen] == [503, 503, 200]
    dated, backed_off = retries
    assert dated.retry_after is not None
    assert 0 < dated.retry_after <= 2.0
    assert dated.wait == dated.retry_after
    assert backed_off.retry_after is None
    assert 0 <= backed_off.wait <= 0.4  # full jitter under 0.2 s doubled once (attempt 2)


def test_a_lost_answer_is_retried_with_the_same_key_and_replayed(
    proxy: FlakyProxy, api_key: str
) -> None:
    proxy.plan([Step(503, "0", forward=True)])  # stored, but the 201 never arrives
    key = str(uuid.uuid4())
    with connect(proxy.base, api_key) as client:
        answered = evaluate_situation.sync_detailed(
            client=client, body=_situation(), idempotency_key=key
        )
    assert answered.status_code == 201
    assert answered.headers["Idempotent-Replayed"] == "true"  # the first one, not a second
    assert [(s.answered, s.idempotency_key) for s in proxy.seen] == [(503, key), (201, key)]


def test_attempts_are_bounded(proxy: FlakyProxy, api_key: str) -> None:
    proxy.plan([Step(503, "0")] * 5)
    with connect(proxy.base, api_key, retry=RetryPolicy(max_attempts=3)) as client:
        answered = list_rulesets.sync_detailed(client=client)
    assert answered.status_code == 503
    assert len(proxy.seen) == 3


def test_the_async_client_retries_too(proxy: FlakyProxy, api_key: str) -> None:
    proxy.plan([Step(503, "0")])

    async def call() -> int:
        async with connect(proxy.base, api_key) as client:
            answered = await list_rulesets.asyncio_detailed(client=client)
            return int(answered.status_code)

    assert asyncio.run(call()) == 200
    assert [s.answered for s in proxy.seen] == [503, 200]
