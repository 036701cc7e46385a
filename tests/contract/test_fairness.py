"""One tenant's costly calls (what-if, :batch) cannot take the process from the others.

Costly calls run in a child process (``batna.api.offload``), and each tenant runs
``BATNA_HEAVY_PER_TENANT`` (1) of them at a time per server process: its next one waits
its turn, while another tenant's call goes ahead of it.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from batna.api.fairness import HeavySlots
from tests.conftest import CASES, new_key
from tests.servers import serve

if TYPE_CHECKING:
    from collections.abc import Iterator

# Seconds between b's call leaving and the batch's answer beginning that a round needs:
# more than the server takes to read b's call and queue it behind the batch.
MARGIN = 0.2
ITEMS = 4000  # situations in a's batch: about 0.8 s on a warm, idle server


def _payload(case: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((CASES / f"{case}.json").read_text(), parse_float=Decimal)[
        "payload"
    ]
    return json.loads(json.dumps(payload, default=float))


def test_slots_queue_per_tenant() -> None:
    async def run() -> list[str]:
        slots = HeavySlots(1)
        order: list[str] = []
        release = asyncio.Event()

        async def job(tenant: str, name: str, wait: bool) -> None:
            async with slots.hold(tenant):
                order.append(f"start {name}")
                if wait:
                    await release.wait()
                order.append(f"end {name}")

        first = asyncio.create_task(job("a", "a1", wait=True))
        await asyncio.sleep(0)
        second = asyncio.create_task(job("a", "a2", wait=False))
        other = asyncio.create_task(job("b", "b1", wait=False))
        await asyncio.sleep(0.01)
        assert slots.in_flight() == 2  # a1 running, a2 waiting (b1 done)
        release.set()
        await asyncio.gather(first, second, other)
        assert slots.in_flight() == 0
        return order

    assert asyncio.run(run()) == ["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]


@pytest.fixture(scope="module")
def long_batches(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[str]:
    """A server of its own taking ``:batch`` calls of up to ITEMS situations.

    One of the usual 1,000 takes about 0.2 s on a warm server now: too short to be sure
    that a second tenant's call, sent 0.13 s after it, is queued before it ends.
    """
    log = tmp_path_factory.mktemp("fairness") / "server.log"
    with serve(log, database_url, BATNA_BATCH_MAX_ITEMS=str(ITEMS)) as server:
        yield server.base


def test_a_tenants_second_costly_call_waits_and_another_tenant_goes_first(
    long_batches: str, database_url: str
) -> None:
    busy = {"Authorization": f"Bearer {new_key(database_url, 'fair-a')}"}
    other = {"Authorization": f"Bearer {new_key(database_url, 'fair-b')}"}
    batch = {"situations": [_payload("TC-04")] * ITEMS}
    sent: dict[str, float] = {}
    answered: dict[str, float] = {}  # when the answer's head arrived: the server was done
    finished: dict[str, float] = {}

    def post(name: str, path: str, body: object, headers: dict[str, str]) -> int:
        with httpx.Client(base_url=long_batches, timeout=120) as client:
            sent[name] = time.monotonic()
            with client.stream("POST", path, json=body, headers=headers) as response:
                answered[name] = time.monotonic()
                response.read()
        finished[name] = time.monotonic()
        return response.status_code

    def proves() -> bool:
        """The round can show the order: a's batch held a's slot before a's what-if came
        (a's what-if answered after it), and b's what-if left at least MARGIN before the
        batch's answer began (so it was queued behind the batch, not after it)."""
        return (
            answered["a what-if"] > answered["a batch"]
            and answered["a batch"] - sent["b what-if"] >= MARGIN
        )

    for _ in range(5):
        with ThreadPoolExecutor(3) as pool:
            a_batch = pool.submit(post, "a batch", "/v1/evaluations:batch", batch, busy)
            time.sleep(0.3)  # the batch takes tenant a's slot once its body is read
            a_next = pool.submit(
                post, "a what-if", "/v1/evaluations:what-if", _payload("TC-01"), busy
            )
            time.sleep(0.03)
            b_call = pool.submit(
                post, "b what-if", "/v1/evaluations:what-if", _payload("TC-01"), other
            )
            statuses = (a_batch.result(), a_next.result(), b_call.result())
        assert statuses == (200, 200, 200)
        if proves():
            break
    start = sent["a batch"]
    timings = {
        kind: {name: round(at - start, 3) for name, at in times.items()}
        for kind, times in (("sent", sent), ("answered", answered), ("finished", finished))
    }
    assert proves(), f"no round could show the order: {timings}"
    # b's call, sent after a's second one, was served first: a's second call waited for
    # a's batch to end (its slot), b's only for the batch's turn in the child process.
    assert finished["b what-if"] < finished["a what-if"], timings
