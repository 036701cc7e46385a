"""A fair share of the process for costly requests: a per-tenant queue for what-if and ``:batch``.

Rate limits count requests, not their cost: one what-if search runs up to
``BATNA_WHAT_IF_CAP`` evaluations and one ``:batch`` up to a thousand, each holding the
engine for tenths of a second. Measured before this bound: 8 concurrent what-if calls from
one tenant raised another tenant's stored-POST p50 from 7 ms to 1.64 s. Each tenant now
runs ``BATNA_HEAVY_PER_TENANT`` of them at once per process and its other costly calls
wait their turn (waiting costs no CPU), so every other tenant keeps its share. A call
that waits past the request time bound gets the usual 503.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["HeavySlots"]


class HeavySlots:
    """One semaphore per tenant with costly calls running or waiting."""

    def __init__(self, per_tenant: int) -> None:
        """Allow ``per_tenant`` costly requests at once per tenant."""
        self.per_tenant = per_tenant
        self._slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    def in_flight(self) -> int:
        """Costly requests running or waiting now, all tenants together."""
        return sum(users[0] for _, users in self._slots.values())

    @contextlib.asynccontextmanager
    async def hold(self, tenant: str) -> AsyncIterator[None]:
        """Run the block in one of ``tenant``'s slots, waiting for one if all are taken."""
        semaphore, users = self._slots.setdefault(tenant, (asyncio.Semaphore(self.per_tenant), [0]))
        users[0] += 1
        try:
            async with semaphore:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self._slots[tenant]
