"""The webhook deliverer each server process runs: claim a due delivery, POST it signed, log it.

Deliveries come from the outbox (``batna.store.WebhookStore``), claimed with a lease, so
replicas share them and a delivery held by a process that died is taken over when its
lease runs out: at least once, never lost. The ``webhook-id`` is the event's id, the same
on every retry, so a receiver dedupes by it. Each attempt is signed afresh (Standard
Webhooks: ``webhook-timestamp`` is the time of sending) and logged with its status or
error; a failed one is retried after an exponential backoff with jitter, up to
``max_attempts``. Requests go through httpx's async client: the event loop never waits
on a receiver, and a receiver's body is never read (a 2xx status is all that counts).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final

import httpx
from standardwebhooks import Webhook

from batna.errors import StoreUnavailable
from batna.schemas.webhooks import Attempt
from batna.store import new_id

if TYPE_CHECKING:
    from batna.schemas.webhooks import Outgoing
    from batna.store import WebhookStore

__all__ = ["Deliverer", "backoff", "sign"]

_LOG: Final = logging.getLogger("batna.webhooks")
_MAX_DELAY: Final = 6 * 3600.0
_RANDOM: Final = secrets.SystemRandom()
_USER_AGENT: Final = "batna-webhooks/1"
_PEPPER_CHANGED: Final = (
    "the signing secret was sealed under another pepper (BATNA_KEY_PEPPER changed); "
    "register the endpoint again"
)


def sign(secret: str, event_id: str, at: datetime, payload: bytes) -> dict[str, str]:
    """The Standard Webhooks headers of ``payload`` sent at ``at``."""
    signature = Webhook(secret).sign(msg_id=event_id, timestamp=at, data=payload.decode())
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def backoff(attempt: int, base: float) -> float:
    """Seconds to wait after failed ``attempt`` (1, 2 …): ``base``·2^(attempt-1), jittered.

    The jitter keeps half the delay and draws the other half at random, so receivers
    that came back together are not hit by every retry at once.
    """
    delay = min(base * 2.0 ** min(attempt - 1, 40), _MAX_DELAY)
    return delay / 2 + _RANDOM.uniform(0, delay / 2)


class Deliverer:
    """POSTs due deliveries until stopped, a few at a time.

    Attributes:
        worker: This deliverer's id (host, process and a random suffix), kept on its leases.
        lease: How long a claimed delivery is held (well over one attempt's timeout).
    """

    def __init__(
        self,
        store: WebhookStore,
        *,
        timeout: float,
        max_attempts: int,
        backoff_seconds: float,
        concurrency: int = 4,
        idle_seconds: float = 0.5,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.concurrency = concurrency
        self.idle_seconds = idle_seconds
        self.lease = timedelta(seconds=timeout * 3 + 5)
        self.worker = f"{socket.gethostname()[:30]}:{os.getpid()}:{new_id()[-8:]}"
        self._stopping = asyncio.Event()
        self._found = asyncio.Event()  # the scout found a due delivery: the others join in

    def stop(self) -> None:
        """Finish the attempts in hand, then return from ``run`` (see ``BatchRunner.stop``)."""
        self._stopping.set()
        self._found.set()

    async def run(self) -> None:
        """Deliver until ``stop`` (if cancelled instead, a held lease hands the delivery over)."""
        limits = httpx.Limits(max_connections=self.concurrency * 2)
        async with httpx.AsyncClient(
            timeout=self.timeout,
            follow_redirects=False,
            limits=limits,
            headers={"user-agent": _USER_AGENT},
        ) as client:
            loops = [self._loop(client, scout=i == 0) for i in range(self.concurrency)]
            await asyncio.gather(*loops)

    async def _loop(self, client: httpx.AsyncClient, *, scout: bool) -> None:
        """Deliver while deliveries are due; then the scout polls and the others wait for it.

        One poller per process instead of one per loop: an idle server asks the database
        twice a second, not eight times (those small transactions showed in profiles).
        """
        while not self._stopping.is_set():
            try:
                worked = await self.step(client)
            except StoreUnavailable:
                worked = False
            except Exception:  # noqa: BLE001 - a bug must not stop delivery; the lease hands over
                _LOG.exception("webhook deliverer %s failed", self.worker)
                worked = False
            if worked:
                continue
            if scout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.idle_seconds)
            else:
                self._found.clear()
                await self._found.wait()

    async def step(self, client: httpx.AsyncClient) -> bool:
        """Try one due delivery; False when none was due."""
        held = await self.store.claim(self.worker, self.lease)
        if held is None:
            return False
        self._found.set()  # more may be due: the waiting loops claim beside this one
        attempt = await self._send(client, held)
        delivered = attempt.status_code is not None and 200 <= attempt.status_code < 300
        retry_at = None
        if not delivered and held.secret is not None and held.attempt < self.max_attempts:
            retry_at = attempt.at + timedelta(seconds=backoff(held.attempt, self.backoff_seconds))
        if not await self.store.record(held, self.worker, attempt, retry_at=retry_at):
            _LOG.warning("delivery %s was taken over; attempt not logged", held.delivery_id)
        elif not delivered and retry_at is None:
            _LOG.warning(
                "webhook delivery %s (event %s) failed after %d attempt(s): %s",
                held.delivery_id,
                held.event_id,
                held.attempt,
                attempt.error,
            )
        return True

    async def _send(self, client: httpx.AsyncClient, held: Outgoing) -> Attempt:
        at = datetime.now(UTC)
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        if held.secret is None:
            error = _PEPPER_CHANGED
        else:
            headers = {
                "content-type": "application/json",
                **sign(held.secret, held.event_id, at, held.payload),
            }
            try:
                async with client.stream(
                    "POST", held.url, content=held.payload, headers=headers
                ) as response:
                    status = response.status_code
            except httpx.TimeoutException:
                error = f"no answer within {self.timeout:g} s"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if status is not None and not 200 <= status < 300:
                error = f"HTTP {status}"
        return Attempt(
            attempt=held.attempt,
            at=at,
            status_code=status,
            error=None if error is None else error[:300],
            duration_ms=round((time.perf_counter() - started) * 1000),
        )
