"""The rate limiter's Redis circuit breaker, against real sockets on 127.0.0.1.

A "hung" Redis accepts connections and reads commands but never answers (it counts the
connections it accepts: the limiter gives up a connection that timed out, so each is
one attempt); a refused one is a port nobody
listens on; a proxy in front of the real Redis (127.0.0.1:6379) hangs while told to and
forwards otherwise, for the recovery. No timing is asserted: what is counted is how
often Redis was asked, what the client was answered, and how often it was logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient
from redis.asyncio import Redis

from batna.api import create_app
from batna.api.limits import RedisBuckets, limiter_for
from tests.conftest import new_key
from tests.contract.conftest import settings_for
from tests.servers import free_port

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

REAL_REDIS = ("127.0.0.1", 6379)
OPENED = "rate limiter: Redis unavailable"
CLOSED = "rate limiter: Redis answers again"


class _FlakyRedis:
    """A TCP server that, while ``hang`` is set, reads and never answers; else forwards."""

    def __init__(self) -> None:
        self.hang = True
        self.attempts = 0  # connections accepted while hanging
        self.port = 0
        self._held: list[asyncio.StreamWriter] = []

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._held.append(writer)
        if self.hang:
            self.attempts += 1
            while await reader.read(65536):
                pass
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*REAL_REDIS)
        self._held.append(upstream_writer)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while chunk := await source.read(65536):
                sink.write(chunk)
                await sink.drain()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[_FlakyRedis]:
        server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        try:
            yield self
        finally:
            for writer in self._held:
                writer.close()
            server.close()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def _messages(caplog: pytest.LogCaptureFixture, start: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(start)]


def test_a_hung_redis_is_asked_once_then_local_buckets_limit_and_it_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="batna.limits")

    async def run() -> tuple[list[bool], list[int], int, bool]:
        async with _FlakyRedis().running() as hung:
            limiter = limiter_for(hung.url, timeout=0.05, cooldown=600)
            assert isinstance(limiter, RedisBuckets)
            try:
                decisions = [await limiter.take("k", 0.001, 3) for _ in range(50)]
                return (
                    [d.allowed for d in decisions],
                    [d.remaining for d in decisions[:3]],
                    hung.attempts,
                    limiter.open,
                )
            finally:
                await limiter.close()

    allowed, remaining, attempts, is_open = asyncio.run(run())
    assert attempts == 1  # asked once; never again while the breaker is open
    assert is_open
    assert allowed == [True] * 3 + [False] * 47  # the fallback buckets still limit
    assert remaining == [2, 1, 0]
    assert len(_messages(caplog, OPENED)) == 1
    assert "TimeoutError" in _messages(caplog, OPENED)[0]


def test_a_refused_connection_opens_the_breaker_too(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="batna.limits")
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    async def run() -> tuple[list[bool], bool]:
        limiter = limiter_for(url, timeout=0.05, cooldown=600)
        assert isinstance(limiter, RedisBuckets)
        try:
            decisions = [await limiter.take("k", 1, 5) for _ in range(20)]
            return [d.allowed for d in decisions], limiter.open
        finally:
            await limiter.close()

    allowed, is_open = asyncio.run(run())
    assert is_open
    assert allowed == [True] * 5 + [False] * 15
    assert len(_messages(caplog, OPENED)) == 1
    assert "ConnectionError" in _messages(caplog, OPENED)[0]


def test_after_the_cooldown_one_request_tries_again_and_a_healed_redis_closes_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="batna.limits")
    key = f"breaker-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[int, int, bool, bool, int]:
        async with _FlakyRedis().running() as flaky:
            limiter = limiter_for(flaky.url, timeout=0.05, cooldown=0.3)
            assert isinstance(limiter, RedisBuckets)
            try:
                await limiter.take(key, 1, 100)  # opens
                first = flaky.attempts
                await asyncio.sleep(0.4)  # cooldown over: half-open
                await asyncio.gather(*(limiter.take(key, 1, 100) for _ in range(10)))
                second = flaky.attempts  # one probe among ten concurrent requests
                still_open = limiter.open
                flaky.hang = False  # Redis is back
                await asyncio.sleep(0.4)
                await limiter.take(key, 1, 100)
                healed = not limiter.open
                real = Redis(host=REAL_REDIS[0], port=REAL_REDIS[1])
                try:
                    shared = await real.exists(f"batna:rl:{key}")
                finally:
                    await real.aclose()
                return first, second, still_open, healed, int(shared)
            finally:
                await limiter.close()

    first, second, still_open, healed, shared = asyncio.run(run())
    assert (first, second) == (1, 2)
    assert still_open
    assert healed
    assert shared == 1  # the bucket is in Redis again
    assert len(_messages(caplog, OPENED)) == 1  # a failed probe is the same outage
    assert len(_messages(caplog, CLOSED)) == 1


def test_the_api_answers_with_local_limits_while_redis_hangs(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="batna.limits")
    headers = {"Authorization": f"Bearer {new_key(database_url, f'rb-{uuid.uuid4().hex[:8]}')}"}

    async def hung_port(ready: asyncio.Future[int], stop: asyncio.Event) -> int:
        async with _FlakyRedis().running() as hung:
            ready.set_result(hung.port)
            await stop.wait()
            return hung.attempts

    loop = asyncio.new_event_loop()
    ready: asyncio.Future[int] = loop.create_future()
    stop = asyncio.Event()
    attempts: list[int] = []
    thread = threading.Thread(
        target=lambda: attempts.append(loop.run_until_complete(hung_port(ready, stop)))
    )
    thread.start()
    try:
        while not ready.done():
            threading.Event().wait(0.01)
        env = {
            "BATNA_REDIS_URL": f"redis://127.0.0.1:{ready.result()}/0",
            "BATNA_RATE_LIMIT": "1",
            "BATNA_RATE_BURST": "5",
        }
        with TestClient(create_app(settings_for(database_url, **env))) as client:
            statuses = [client.get("/v1/rulesets", headers=headers).status_code for _ in range(8)]
            limited = client.get("/v1/rulesets", headers=headers)
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
    assert statuses == [200] * 5 + [429] * 3
    assert limited.headers["ratelimit-limit"] == "5"
    assert int(limited.headers["retry-after"]) >= 1
    assert attempts == [1]
    assert len(_messages(caplog, OPENED)) == 1
