"""Large jobs: ``POST /v1/batches`` (JSON Lines or CSV), progress, results, report, erase.

The upload is spooled to a temporary file (memory stays bounded), then read row by row;
each row is validated on arrival and stored 500 rows at a time. Workers in every server
process then evaluate the chunks (``batna.batch.runner``).
"""

from __future__ import annotations

import asyncio
import io
import tempfile
from typing import IO, TYPE_CHECKING, Any, Final

from litestar import Request, Response, delete, get, post
from litestar.params import FromPath
from litestar.response import Stream

from batna.api import params
from batna.api.auth import principal
from batna.api.body import check_charset
from batna.api.openapi import Doc
from batna.api.state import services
from batna.api.version import QUERY_DOC, chosen
from batna.batch.intake import chunks
from batna.batch.report import CSP, ReportRows, build_report, render
from batna.batch.results import ResultLine
from batna.errors import TooLarge, UnknownRuleset, UnsupportedMediaType
from batna.schemas.batches import BatchStatus
from batna.schemas.jsonout import ENCODER
from batna.schemas.rows import Format, read_rows
from batna.store import known_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["batch_report", "batch_results", "batch_status", "create_batch", "delete_batch"]

_MEDIA: Final[dict[str, Format]] = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "text/csv": "csv",
}
_ID_TEXT: Final = "The batch's id (from the Location header of its upload)."


def _format(request: Request[Any, Any, Any]) -> Format:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in _MEDIA:
        raise UnsupportedMediaType(
            "Upload JSON Lines (application/x-ndjson) or CSV (text/csv), one situation per row."
        )
    check_charset(content_type)
    return _MEDIA[media]


async def _spool(request: Request[Any, Any, Any], limit: int) -> IO[bytes]:
    """The body in a temporary file (in memory up to 1 MiB), refused past ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"The upload is {declared} bytes; the limit is {limit}.")
    spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 - returned open
    size = 0
    async for piece in request.stream():
        size += len(piece)
        if size > limit:
            spool.close()
            raise TooLarge(f"The upload is over the limit of {limit} bytes.")
        spool.write(piece)
    spool.seek(0)
    return spool


def _check_rows(total: int, limit: int) -> None:
    if total > limit:
        raise TooLarge(f"More than {limit} rows; split the file.")


@post(
    "/batches",
    operation_id="createBatch",
    status_code=202,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Upload a batch of situations (JSON Lines or CSV)",
            description="Up to 100,000 rows and 50 MiB. Each row is validated on arrival; "
            "invalid rows are kept with their problem. Server workers evaluate the rest in "
            "chunks; poll the Location for progress. CSV columns are the situation's dotted "
            "paths (person.current_base_salary …); lists are separated by ';'. Every row is "
            "evaluated with the ruleset version chosen at upload (ruleset in the status), "
            "also after a restart.",
            tag="batches",
            request_media={
                "application/x-ndjson": "One situation (a JSON object) per line.",
                "text/csv": "A header of dotted field paths, then one situation per row.",
            },
            response=BatchStatus,
            status=202,
            errors=(400, 413, 415, 422),
            query={"ruleset": QUERY_DOC},
            response_headers={"Location": "The batch: /v1/batches/{id}."},
            links={
                "GetBatch": ("getBatch", "batch_id"),
                "GetBatchResults": ("getBatchResults", "batch_id"),
                "GetBatchReport": ("getBatchReport", "batch_id"),
                "DeleteBatch": ("deleteBatch", "batch_id"),
            },
        )
    },
)
async def create_batch(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Receive, validate and store every row; queue the batch for the workers."""
    svc = services(request)
    fmt = _format(request)
    who = principal(request)
    engine = chosen(request)
    spool = await _spool(request, svc.settings.batch_max_bytes)
    batch_id = await svc.batches.create(who, fmt)
    try:
        # Bad UTF-8 stays in the text as escapes, so it fails its own row, not the upload
        # (as in `batna batch`).
        text = io.TextIOWrapper(spool, encoding="utf-8", errors="surrogateescape", newline="")
        pending = chunks(engine, read_rows(text, fmt))
        total = invalid = chunk = 0
        while (items := await asyncio.to_thread(next, pending, None)) is not None:
            total += len(items)
            _check_rows(total, svc.settings.batch_max_rows)
            invalid += sum(item.situation is None for item in items)
            await svc.batches.add_chunk(batch_id, chunk, items)
            chunk += 1
        await svc.batches.finish_upload(batch_id, total, invalid, ruleset=engine.tag)
    except BaseException:
        await asyncio.shield(svc.batches.discard(batch_id))
        raise
    finally:
        spool.close()
    if svc.runner is not None:
        svc.runner.wake.set()
    status = await svc.batches.status(who, batch_id)
    return Response(
        content=ENCODER.encode(status),
        status_code=202,
        media_type="application/json",
        headers={"Location": f"/v1/batches/{batch_id}"},
    )


@get(
    "/batches/{batch_id:str}",
    operation_id="getBatch",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Progress of a batch",
            description="Status, counts (total, done, failed, pending), progress and timings.",
            tag="batches",
            response=BatchStatus,
            errors=(404,),
            path_params={"batch_id": _ID_TEXT},
        )
    },
)
async def batch_status(request: Request[Any, Any, Any], batch_id: FromPath[str]) -> Response[bytes]:
    """Where the batch stands."""
    status = await services(request).batches.status(principal(request), known_id(batch_id))
    return Response(content=ENCODER.encode(status), media_type="application/json")


@get(
    "/batches/{batch_id:str}/results",
    operation_id="getBatchResults",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Results of a batch, as JSON Lines in input order",
            description="Each line is a ResultLine: the row, 200 with its evaluation or 422 "
            "with its problem. The stream stops before the first row not yet evaluated; "
            "resume with start = the next row.",
            tag="batches",
            response=ResultLine,
            response_media="application/x-ndjson",
            errors=(404, 422),
            path_params={"batch_id": _ID_TEXT},
            query={
                "start": (
                    {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0},
                    "First row to send (resume after a broken download).",
                )
            },
        )
    },
)
async def batch_results(request: Request[Any, Any, Any], batch_id: FromPath[str]) -> Stream:
    """Stream settled rows from ``start``."""
    start = params.integer(request, "start", low=0, high=10_000_000, default=0)
    store = services(request).batches
    who = principal(request)
    await store.status(who, known_id(batch_id))  # 404 before the first byte of a stream

    async def lines() -> AsyncIterator[bytes]:
        async for _, line in store.results(who, batch_id, after=start - 1):
            yield line.encode() + b"\n"

    return Stream(lines(), media_type="application/x-ndjson")


@get(
    "/batches/{batch_id:str}/report",
    operation_id="getBatchReport",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="A report page for people",
            description="HTML: recommendations, score distributions, the rules that fired "
            "most with what they said, and the rows that failed validation. Self-contained: "
            "it loads nothing from the network.",
            tag="batches",
            response_media="text/html",
            errors=(404,),
            path_params={"batch_id": _ID_TEXT},
        )
    },
)
async def batch_report(request: Request[Any, Any, Any], batch_id: FromPath[str]) -> Response[str]:
    """Render the report of one of the tenant's batches."""
    svc = services(request)
    tally = ReportRows()
    status = await svc.batches.tally(principal(request), known_id(batch_id), tally)
    try:  # the rules of the version it ran with, else (no longer loaded) the default's
        rules = svc.rulesets.get(status.ruleset).ruleset.rules
    except UnknownRuleset:
        rules = svc.rulesets.default.ruleset.rules
    page = render(build_report(f"Batch {batch_id}", status.counts.total, tally, rules))
    return Response(
        content=page,
        media_type="text/html",
        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
    )


@delete(
    "/batches/{batch_id:str}",
    operation_id="deleteBatch",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Cancel and erase a batch",
            description="Stops further work on it and deletes its rows and results.",
            tag="batches",
            status=204,
            errors=(404,),
            path_params={"batch_id": _ID_TEXT},
        )
    },
)
async def delete_batch(request: Request[Any, Any, Any], batch_id: FromPath[str]) -> None:
    """Erase the batch (204)."""
    await services(request).batches.delete(principal(request), known_id(batch_id))
