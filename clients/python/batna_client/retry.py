"""Retries for 429 and 503 answers, as httpx transports under the generated client.

Hand-written (copied in by scripts/sdk.sh from clients/python-extra/; never generated).
A request is retried only when repeating it is safe: an idempotent method (GET, HEAD,
OPTIONS, PUT, DELETE) or a request carrying an ``Idempotency-Key``, which the server uses
to answer a repeat with the first answer. The wait is the answer's ``Retry-After``
(seconds or an HTTP-date); without one, exponential backoff with full jitter. Both the
number of attempts and the total time spent waiting are bounded: past either, the last
answer is returned as it is.

    from batna_client.retry import RetryPolicy, connect

    client = connect("https://batna.example", "batna_…", retry=RetryPolicy(max_attempts=5))
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from batna_client.client import AuthenticatedClient

__all__ = [
    "AsyncRetryTransport",
    "Retry",
    "RetryPolicy",
    "RetryTransport",
    "connect",
    "retry_after",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


@dataclass(frozen=True)
class Retry:
    """One retry about to happen, as told to ``RetryPolicy.on_retry``.

    Attributes:
        attempt: The attempt that was answered (1 for the first request).
        status: Its status (429 or 503).
        wait: Seconds the client sleeps before the next attempt.
        retry_after: The answer's Retry-After in seconds, or None (then ``wait`` is backoff).
        method: The request's method.
        url: The request's URL.
    """

    attempt: int
    status: int
    wait: float
    retry_after: float | None
    method: str
    url: str


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    Attributes:
        max_attempts: Attempts in all, the first included (1 turns retries off).
        max_wait: Seconds the client may sleep in all across one request's retries; a
            Retry-After that would go past it ends the retries at once.
        backoff: The first backoff in seconds when there is no Retry-After; doubles each
            attempt up to ``max_backoff``, and the actual wait is uniform in [0, that].
        max_backoff: The cap of one backoff.
        statuses: The statuses retried.
        on_retry: Called before each sleep (logging, metrics, tests).
    """

    max_attempts: int = 4
    max_wait: float = 60.0
    backoff: float = 0.5
    max_backoff: float = 8.0
    statuses: frozenset[int] = frozenset({429, 503})
    on_retry: Callable[[Retry], None] | None = field(default=None, compare=False)

    def retryable(self, request: httpx.Request) -> bool:
        """Whether sending ``request`` twice is safe."""
        return request.method in IDEMPOTENT_METHODS or "Idempotency-Key" in request.headers

    def wait(
        self, attempt: int, response: httpx.Response, waited: float
    ) -> tuple[float, float | None] | None:
        """Seconds to sleep before attempt ``attempt + 1`` (and the Retry-After), or None."""
        if response.status_code not in self.statuses or attempt >= self.max_attempts:
            return None
        told = retry_after(response)
        if told is None:
            cap = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
            pause = random.uniform(0, cap)  # noqa: S311 - jitter, not secrets
        else:
            pause = told
        if waited + pause > self.max_wait:
            return None
        return pause, told


def retry_after(response: httpx.Response) -> float | None:
    """The ``Retry-After`` of ``response`` in seconds (delta-seconds or an HTTP-date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _tell(
    policy: RetryPolicy,
    request: httpx.Request,
    attempt: int,
    status: int,
    plan: tuple[float, float | None],
) -> None:
    if policy.on_retry is not None:
        wait, told = plan
        policy.on_retry(Retry(attempt, status, wait, told, request.method, str(request.url)))


class RetryTransport(httpx.BaseTransport):
    """Sends through ``inner`` and retries 429/503 answers per ``policy``."""

    def __init__(
        self, policy: RetryPolicy | None = None, inner: httpx.BaseTransport | None = None
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """One request, retried while the policy allows."""
        if not self.policy.retryable(request):
            return self.inner.handle_request(request)
        request.read()  # the body in memory, so every attempt sends it whole
        attempt, waited = 1, 0.0
        while True:
            response = self.inner.handle_request(request)
            plan = self.policy.wait(attempt, response, waited)
            if plan is None:
                return response
            response.read()
            response.close()
            _tell(self.policy, request, attempt, response.status_code, plan)
            time.sleep(plan[0])
            attempt, waited = attempt + 1, waited + plan[0]

    def close(self) -> None:
        """Close the inner transport."""
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of ``RetryTransport``."""

    def __init__(
        self, policy: RetryPolicy | None = None, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """One request, retried while the policy allows."""
        if not self.policy.retryable(request):
            return await self.inner.handle_async_request(request)
        await request.aread()
        attempt, waited = 1, 0.0
        while True:
            response = await self.inner.handle_async_request(request)
            plan = self.policy.wait(attempt, response, waited)
            if plan is None:
                return response
            await response.aread()
            await response.aclose()
            _tell(self.policy, request, attempt, response.status_code, plan)
            await asyncio.sleep(plan[0])
            attempt, waited = attempt + 1, waited + plan[0]

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self.inner.aclose()


def connect(
    base_url: str,
    api_key: str,
    *,
    retry: RetryPolicy | None = None,
    timeout: float = 30.0,
    verify: bool | str = True,
    raise_on_unexpected_status: bool = False,
) -> AuthenticatedClient:
    """An ``AuthenticatedClient`` whose sync and async requests retry per ``retry``.

    ``retry=RetryPolicy(max_attempts=1)`` turns retries off.
    """
    policy = retry or RetryPolicy()
    client = AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        timeout=httpx.Timeout(timeout),
        verify_ssl=verify,
        raise_on_unexpected_status=raise_on_unexpected_status,
    )
    headers = {"Authorization": f"Bearer {api_key}"}
    limit = httpx.Timeout(timeout)
    sync_transport = RetryTransport(policy, httpx.HTTPTransport(verify=verify))
    async_transport = AsyncRetryTransport(policy, httpx.AsyncHTTPTransport(verify=verify))
    client.set_httpx_client(
        httpx.Client(base_url=base_url, headers=headers, timeout=limit, transport=sync_transport)
    )
    client.set_async_httpx_client(
        httpx.AsyncClient(
            base_url=base_url, headers=headers, timeout=limit, transport=async_transport
        )
    )
    return client
