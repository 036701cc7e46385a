"""Rate limits: a token bucket per API key, and one per client address for failed logins.

In-process by default; with ``BATNA_REDIS_URL`` the buckets live in Redis (one atomic
Lua script per request), so every replica draws from the same bucket.

Redis is behind a circuit breaker. A request waits for Redis at most
``BATNA_REDIS_TIMEOUT_MS`` (no retries); on a timeout or any Redis error the breaker
opens, one warning is logged, and for ``BATNA_REDIS_COOLDOWN_SECONDS`` every request
draws from this process's own buckets without touching Redis. Then one request tries
Redis again (half-open; the others stay local until it answers): success closes the
breaker (logged), failure opens it for another cooldown (not logged again). An outage
of the limiter is never an outage, or a slowdown, of the API: each replica keeps
limiting on its own meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import TYPE_CHECKING, Any, Final, Protocol

import msgspec

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["Decision", "Limiter", "LocalBuckets", "RedisBuckets", "limiter_for"]

_LOG: Final = logging.getLogger("batna.limits")
_MAX_LOCAL_KEYS: Final = 100_000


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    """One draw from a bucket.

    Attributes:
        allowed: A token was taken.
        limit: The bucket's size (the burst).
        remaining: Whole tokens left.
        retry_after: Seconds until a token is back (0 when allowed).
        reset: Seconds until the bucket is full again.
    """

    allowed: bool
    limit: int
    remaining: int
    retry_after: float
    reset: float

    def headers(self) -> dict[str, str]:
        """``RateLimit-*`` headers (and ``Retry-After`` when refused)."""
        out = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(math.ceil(self.reset)),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return out


class Limiter(Protocol):
    """Takes one token from the bucket ``key`` that refills at ``rate`` up to ``burst``."""

    async def take(self, key: str, rate: float, burst: int) -> Decision:
        """Draw one token."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def _decide(*, allowed: bool, left: float, rate: float, burst: int) -> Decision:
    """What one draw means for the client, from the bucket's tokens ``left`` after it."""
    return Decision(
        allowed=allowed,
        limit=burst,
        remaining=int(left),
        retry_after=0.0 if allowed else (1 - left) / rate,
        reset=(burst - left) / rate,
    )


class LocalBuckets:
    """Buckets in this process (one event loop, so no lock is needed)."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}

    async def take(self, key: str, rate: float, burst: int) -> Decision:
        """Draw one token."""
        now = time.monotonic()
        tokens, then = self._buckets.get(key, (float(burst), now))
        tokens = min(float(burst), tokens + (now - then) * rate)
        allowed = tokens >= 1
        left = tokens - 1 if allowed else tokens
        if len(self._buckets) >= _MAX_LOCAL_KEYS and key not in self._buckets:
            self._buckets.clear()  # bounded memory; a reset bucket is full, never stricter
        self._buckets[key] = (left, now)
        return _decide(allowed=allowed, left=left, rate=rate, burst=burst)

    async def close(self) -> None:
        """Nothing to release."""


# KEYS[1] bucket; ARGV rate (tokens/s), burst. Redis's clock, so replicas agree on time.
_SCRIPT: Final = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or t
tokens = math.min(burst, tokens + math.max(0, t - at) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(t))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisBuckets:
    """Buckets in Redis, shared by every replica, behind a circuit breaker.

    Attributes:
        timeout: Seconds one request may wait for Redis.
        cooldown: Seconds the breaker stays open before Redis is tried again.
        local: The buckets used while the breaker is open.
    """

    def __init__(self, client: Redis, *, timeout: float, cooldown: float) -> None:
        self._client = client
        self._script = client.register_script(_SCRIPT)
        self.timeout = timeout
        self.cooldown = cooldown
        self.local = LocalBuckets()
        self._open_until: float | None = None  # None: closed (Redis in use)
        self._probing = False

    @property
    def open(self) -> bool:
        """True while requests are counted in this process instead of Redis."""
        return self._open_until is not None

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def take(self, key: str, rate: float, burst: int) -> Decision:
        """Draw one token from Redis, or from this process's bucket while Redis is away."""
        if self._open_until is not None and (self._probing or time.monotonic() < self._open_until):
            return await self.local.take(key, rate, burst)
        probe = self._open_until is not None
        self._probing = probe
        try:
            async with asyncio.timeout(self.timeout):
                allowed, tokens = await self._script(keys=[f"batna:rl:{key}"], args=[rate, burst])
        except Exception as exc:  # noqa: BLE001 - any Redis failure opens the breaker
            self._trip(exc)
            return await self.local.take(key, rate, burst)
        finally:
            self._probing = False
        if probe:
            _LOG.warning("rate limiter: Redis answers again; buckets shared again")
        self._open_until = None
        return _decide(allowed=bool(int(allowed)), left=float(tokens), rate=rate, burst=burst)

    def _trip(self, exc: Exception) -> None:
        """Open the breaker for a cooldown; say so once per outage."""
        if self._open_until is None:
            _LOG.warning(
                "rate limiter: Redis unavailable (%s); counting in this process for %g s",
                type(exc).__name__,
                self.cooldown,
                extra={"error": type(exc).__name__, "cooldown_seconds": self.cooldown},
            )
        self._open_until = time.monotonic() + self.cooldown


def limiter_for(
    redis_url: str | None,
    *,
    timeout: float = 0.05,
    cooldown: float = 30.0,
    **options: Any,  # noqa: ANN401 - passed to redis.asyncio.Redis.from_url
) -> Limiter:
    """Redis-backed when a URL is configured (with a breaker), in-process otherwise."""
    if not redis_url:
        return LocalBuckets()
    from redis.asyncio import Redis  # noqa: PLC0415 - only with Redis configured
    from redis.asyncio.retry import Retry  # noqa: PLC0415
    from redis.backoff import NoBackoff  # noqa: PLC0415

    client = Redis.from_url(
        redis_url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),  # one try: the breaker, not retries, handles an outage
        **options,
    )
    return RedisBuckets(client, timeout=timeout, cooldown=cooldown)
