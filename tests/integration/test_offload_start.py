"""A server process spawns its what-if and ``:batch`` child as it starts.

Spawned on first use instead, the child made the first heavy request after a start wait
while it imported batna and compiled the rules (1.4 s on an idle machine, past wrk's 2 s
timeout under load). Here a real ``batna serve`` has its child before any such request,
running below the server's priority, and the first what-if and ``:batch`` are served by
that same child: no other is spawned.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from batna.api.offload import NICENESS
from tests.conftest import CASES, new_key
from tests.servers import serve

_SPAWNED = "multiprocessing.spawn"


def _niceness(pid: int) -> int:
    """The nice value of process ``pid`` (field 19 of /proc/PID/stat)."""
    stat = (Path("/proc") / str(pid) / "stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def _spawned_children(pid: int) -> set[int]:
    """Pids of the ``multiprocessing`` spawn children of process ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # the process ended while being read
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and _SPAWNED in command:
            found.add(int(entry.name))
    return found


def test_the_child_is_there_before_the_first_heavy_request(
    tmp_path: Path, database_url: str
) -> None:
    token = new_key(database_url, f"prestart-{time.monotonic_ns()}")
    situation = json.loads((CASES / "TC-03.json").read_text())["payload"]
    headers = {"Authorization": f"Bearer {token}"}
    with serve(tmp_path / "server.log", database_url) as server:
        deadline = time.monotonic() + 30
        children = _spawned_children(server.process.pid)
        while not children and time.monotonic() < deadline:
            time.sleep(0.1)  # ready answers first; the spawn is in the background
            children = _spawned_children(server.process.pid)
        assert len(children) == 1, server.log()  # BATNA_HEAVY_WORKERS defaults to 1
        (child,) = children
        below = _niceness(server.process.pid) + NICENESS
        while _niceness(child) != below and time.monotonic() < deadline:
            time.sleep(0.1)  # set as the child starts, before it compiles the rules
        assert _niceness(child) == below
        searched = httpx.post(
            f"{server.base}/v1/evaluations:what-if", json=situation, headers=headers, timeout=30
        )
        assert searched.status_code == 200, searched.text
        assert searched.json()["suggestions"]
        batch = httpx.post(
            f"{server.base}/v1/evaluations:batch",
            json={"situations": [situation]},
            headers=headers,
            timeout=30,
        )
        assert batch.status_code == 200, batch.text
        assert batch.json()["evaluated"] == 1
        assert _spawned_children(server.process.pid) == children  # served by that child
