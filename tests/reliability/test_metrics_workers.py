"""``/metrics`` of ``batna serve --workers 2`` under load: one sum over every worker.

A real server (two uvicorn workers) answers requests from four threads, each on a new
connection, so both workers serve; ``/metrics`` is scraped 20 times meanwhile. Every
counter and histogram sample must only grow from scrape to scrape (whichever worker
answers), the final count must be exactly the requests sent, and the metrics files must
show that both worker processes served some. Halfway, one worker is killed: uvicorn
starts another, the dead one's counts stay in the sum, and its live gauge goes at the
next scrape. A stale file left by an earlier server must not count (the directory is
emptied at start).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families

from batna.store import migrate
from tests.conftest import database_kind, fresh_database
from tests.servers import serve

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

THREADS = 4
PER_THREAD = 50  # requests per thread per phase
SCRAPES = 10  # per phase: 20 in all
HEALTHZ = {"method": "GET", "route": "/healthz", "status": "200"}
_HELP = "HTTP requests by method, route template and status."

Sample = tuple[str, tuple[tuple[str, str], ...]]


def _monotonic_samples(text: str) -> dict[Sample, float]:
    """Every counter and histogram sample of one scrape, by name and labels."""
    found: dict[Sample, float] = {}
    for family in text_string_to_metric_families(text):
        if family.type not in ("counter", "histogram"):
            continue
        for sample in family.samples:
            if sample.name.endswith("_created"):
                continue
            found[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return found


def _healthz_total(text: str) -> float:
    key = ("batna_http_requests_total", tuple(sorted(HEALTHZ.items())))
    return _monotonic_samples(text).get(key, 0.0)


def _healthz_by_process(folder: Path) -> dict[int, float]:
    """Requests to /healthz each process counted, read from its own counter file."""
    key = mmap_key(
        "batna_http_requests", "batna_http_requests_total", list(HEALTHZ), list(HEALTHZ.values()),
        _HELP,
    )  # fmt: skip
    counts: dict[int, float] = {}
    for path in folder.glob("counter_*.db"):
        pid = int(path.stem.split("_")[1])
        for found, value, _timestamp, _pos in MmapedDict.read_all_values_from_file(str(path)):
            if found == key:
                counts[pid] = value
    return counts


def _stale_file(folder: Path) -> None:
    """An earlier server's counter file claiming 1,000 requests to /healthz."""
    folder.mkdir()
    stale = MmapedDict(str(folder / "counter_999999.db"))
    key = mmap_key(
        "batna_http_requests", "batna_http_requests_total", list(HEALTHZ), list(HEALTHZ.values()),
        _HELP,
    )  # fmt: skip
    stale.write_value(key, 1000.0, 0.0)
    stale.close()


class _Load:
    """Threads sending GET /healthz, each request on a new connection; counts the 200s."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.ok = 0
        self.failed: list[str] = []
        self._lock = threading.Lock()

    def _send(self) -> None:
        # "Connection: close": the server ends each connection, so the next one is new and
        # either worker may accept it.
        with httpx.Client(base_url=self.base, headers={"Connection": "close"}) as client:
            for _ in range(PER_THREAD):
                self._count(client.get("/healthz", timeout=10))

    def _count(self, answer: httpx.Response) -> None:
        with self._lock:
            if answer.status_code == 200:
                self.ok += 1
            else:
                self.failed.append(f"{answer.status_code} {answer.text[:200]}")

    def phase(self, scrapes: list[str]) -> None:
        """One burst of load, scraping ``/metrics`` SCRAPES times while it runs."""
        threads = [threading.Thread(target=self._send) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for _ in range(SCRAPES):
            answer = httpx.get(f"{self.base}/metrics", timeout=10)
            assert answer.status_code == 200
            scrapes.append(answer.text)
        for thread in threads:
            thread.join(timeout=120)


def _assert_monotonic(scrapes: list[str]) -> None:
    previous: dict[Sample, float] = {}
    for index, text in enumerate(scrapes):
        current = _monotonic_samples(text)
        for key, value in previous.items():
            assert key in current, f"scrape {index}: {key} disappeared"
            assert current[key] >= value, f"scrape {index}: {key} went {value} -> {current[key]}"
        previous = current


def _live_gauge_pids(folder: Path) -> set[int]:
    return {int(p.stem.rsplit("_", 1)[1]) for p in folder.glob("gauge_livesum_*.db")}


def test_metrics_sum_every_worker_and_never_go_backwards(tmp_path: Path) -> None:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    folder = tmp_path / "metrics"
    _stale_file(folder)
    with fresh_database(tmp_path, "metrics") as url:
        migrate.upgrade(url)
        log = tmp_path / "server.log"
        with serve(
            log, url, workers=2, BATNA_LOG_LEVEL="warning", BATNA_METRICS_DIR=str(folder)
        ) as server:
            assert not (folder / "counter_999999.db").exists()  # emptied at start
            load = _Load(server.base)
            scrapes: list[str] = []
            # Both workers must have served some of the load, but which one accepts a new
            # connection is the kernel's choice: /healthz is fast enough that one worker
            # sometimes took a whole burst (seen once in CI). Send bursts, up to 5, until
            # both have counted requests.
            phases = 0
            for _ in range(5):
                load.phase(scrapes)
                phases += 1
                served = _healthz_by_process(folder)
                if len([pid for pid, n in served.items() if n > 0]) == 2:
                    break
            assert server.process.pid not in served
            assert len([pid for pid, n in served.items() if n > 0]) == 2, served
            assert sum(served.values()) == load.ok

            victim = min(served)
            assert victim in _live_gauge_pids(folder)
            os.kill(victim, signal.SIGKILL)
            stop = time.monotonic() + 30
            while victim in _live_gauge_pids(folder):  # forgotten at a scrape once reaped
                assert time.monotonic() < stop, f"the dead worker's gauge stayed\n{server.log()}"
                scraped = httpx.get(f"{server.base}/metrics", timeout=10)
                assert scraped.status_code == 200
                time.sleep(0.2)

            load.phase(scrapes)
            phases += 1
            final = httpx.get(f"{server.base}/metrics", timeout=10).text
            scrapes.append(final)
            survivors = _healthz_by_process(folder)
        assert load.failed == []
        assert load.ok == phases * THREADS * PER_THREAD
        assert len(scrapes) == phases * SCRAPES + 1
        _assert_monotonic(scrapes)
        assert _healthz_total(final) == load.ok  # every worker's, the dead one's included
        assert survivors[victim] == served[victim]
        assert len([pid for pid, n in survivors.items() if n > 0]) >= 2
        families = {f.name: f for f in text_string_to_metric_families(final)}
        assert families["batna_http_requests_in_flight"].type == "gauge"
        assert json.dumps(HEALTHZ)  # the labels the counts were read under
