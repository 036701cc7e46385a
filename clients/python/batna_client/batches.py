"""Large batches: upload situations, wait for the server's workers, read the results.

Hand-written (copied in by scripts/sdk.sh from clients/python-extra/; never generated):
the generator makes no function for ``POST /v1/batches``, whose body is JSON Lines or CSV.

    from batna_client.batches import run_batch
    from batna_client.retry import connect

    with connect("https://batna.example", "batna_…") as client:
        status, lines = run_batch(client, [situation_1, situation_2])

Every upload carries an ``Idempotency-Key`` (a new UUID unless given), so a retried
upload (see ``batna_client.retry``) does not make a second batch.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, cast

import httpx
from batna_client.api.batches import get_batch
from batna_client.client import AuthenticatedClient, Client
from batna_client.models.batch_status import BatchStatus
from batna_client.models.problem import Problem
from batna_client.models.result_line import ResultLine

__all__ = [
    "BatchFailed",
    "ProblemError",
    "download_results",
    "iter_results",
    "run_batch",
    "upload_batch",
    "wait_for_batch",
]

JSON_LINES = "application/x-ndjson"
CSV = "text/csv"
FINISHED = frozenset({"done", "failed"})
_SUFFIXES = {".csv": CSV, ".jsonl": JSON_LINES, ".ndjson": JSON_LINES}

Situations = Iterable[Mapping[str, Any] | Any] | Path | str | bytes | IO[bytes]


class ProblemError(Exception):
    """The server answered with a problem document (401, 404, 413, 415, 422, 429, 503 …)."""

    def __init__(self, status: int, problem: Problem | None, body: str) -> None:
        self.status, self.problem = status, problem
        detail = f"{problem.error}: {problem.detail}" if problem else body[:200]
        super().__init__(f"{status} {detail}")


class BatchFailed(Exception):
    """A batch ended as ``failed`` (its upload broke off): nothing to read."""

    def __init__(self, status: BatchStatus) -> None:
        self.status = status
        super().__init__(f"batch {status.id} failed")


def _problem(response: httpx.Response) -> ProblemError:
    try:
        problem = Problem.from_dict(response.json())
    except (ValueError, KeyError, TypeError):
        problem = None
    return ProblemError(response.status_code, problem, response.text)


def _body(situations: Situations, media_type: str | None) -> tuple[bytes, str]:
    """The upload's bytes and media type."""
    if isinstance(situations, (str, Path)):
        path = Path(situations)
        return path.read_bytes(), media_type or _SUFFIXES.get(path.suffix.lower(), JSON_LINES)
    if isinstance(situations, bytes):
        return situations, media_type or JSON_LINES
    reader = getattr(situations, "read", None)
    if callable(reader):
        return bytes(reader()), media_type or JSON_LINES
    lines = [
        json.dumps(_plain(situation), ensure_ascii=False, separators=(",", ":"))
        for situation in cast("Iterable[Any]", situations)
    ]
    return ("\n".join(lines) + "\n").encode(), JSON_LINES


def _plain(situation: Any) -> dict[str, Any]:  # noqa: ANN401 - a model or a mapping
    if hasattr(situation, "to_dict"):
        return cast("dict[str, Any]", situation.to_dict())
    return dict(situation)


def upload_batch(
    client: AuthenticatedClient | Client,
    situations: Situations,
    *,
    media_type: str | None = None,
    idempotency_key: str | None = None,
) -> BatchStatus:
    """Upload a batch; returns its status (``id``, ``status`` …) once every row is stored.

    ``situations`` is an iterable of situations (``Situation`` models or dicts, sent as
    JSON Lines), a path to a ``.jsonl``/``.ndjson``/``.csv`` file, or bytes / a binary file
    (JSON Lines unless ``media_type="text/csv"``). Raises ``ProblemError`` unless 202.
    """
    body, media = _body(situations, media_type)
    response = client.get_httpx_client().post(
        "/v1/batches",
        content=body,
        headers={
            "Content-Type": media,
            "Idempotency-Key": idempotency_key or str(uuid.uuid4()),
        },
    )
    if response.status_code != 202:
        raise _problem(response)
    return BatchStatus.from_dict(response.json())


def wait_for_batch(
    client: AuthenticatedClient,
    batch_id: str,
    *,
    poll: float = 1.0,
    timeout: float = 3600.0,
) -> BatchStatus:
    """Poll until the batch is ``done`` or ``failed``; ``TimeoutError`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        response = get_batch.sync_detailed(batch_id, client=client)
        status = response.parsed
        if not isinstance(status, BatchStatus):
            raise _problem(httpx.Response(response.status_code, content=response.content))
        if status.status.value in FINISHED:
            return status
        if time.monotonic() + poll > deadline:
            msg = f"batch {batch_id} still {status.status.value} after {timeout} s"
            raise TimeoutError(msg)
        time.sleep(poll)


def iter_results(
    client: AuthenticatedClient | Client, batch_id: str, *, start: int = 0
) -> Iterator[ResultLine]:
    """The settled result lines from row ``start``, in input order, as they stream in."""
    with client.get_httpx_client().stream(
        "GET",
        f"/v1/batches/{batch_id}/results",
        params={"start": start},
        headers={"Accept": JSON_LINES},
    ) as response:
        if response.status_code != 200:
            response.read()
            raise _problem(response)
        for line in response.iter_lines():
            if line.strip():
                yield ResultLine.from_dict(json.loads(line))


def download_results(
    client: AuthenticatedClient | Client,
    batch_id: str,
    path: Path | str,
    *,
    media_type: str = JSON_LINES,
) -> Path:
    """Save the results to ``path`` as they come (JSON Lines, or ``text/csv`` if served)."""
    target = Path(path)
    with client.get_httpx_client().stream(
        "GET", f"/v1/batches/{batch_id}/results", headers={"Accept": media_type}
    ) as response:
        if response.status_code != 200:
            response.read()
            raise _problem(response)
        with target.open("wb") as sink:
            for piece in response.iter_bytes():
                sink.write(piece)
    return target


def run_batch(
    client: AuthenticatedClient,
    situations: Situations,
    *,
    media_type: str | None = None,
    poll: float = 1.0,
    timeout: float = 3600.0,
) -> tuple[BatchStatus, list[ResultLine]]:
    """Upload, wait until done, read every result line; ``BatchFailed`` if it failed."""
    created = upload_batch(client, situations, media_type=media_type)
    finished = wait_for_batch(client, created.id, poll=poll, timeout=timeout)
    if finished.status.value == "failed":
        raise BatchFailed(finished)
    return finished, list(iter_results(client, created.id))
