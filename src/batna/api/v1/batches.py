"""Large jobs: ``POST /v1/batches`` (JSON Lines or CSV), listing, progress, results, report.

The upload is spooled to a temporary file (memory stays bounded) and hashed on the way
in, for its ``Idempotency-Key``; then read row by row, each row validated on arrival and
stored 500 rows at a time. Workers in every server process then evaluate the chunks
(``batna.batch.runner``). Results stream as JSON Lines, or as CSV when asked.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import tempfile
from typing import IO, TYPE_CHECKING, Any, Final, get_args

from litestar import Request, Response, delete, get, post
from litestar.params import FromPath
from litestar.response import Stream

from batna.api import params
from batna.api.auth import principal
from batna.api.body import check_charset
from batna.api.media import preferred
from batna.api.openapi import Doc
from batna.api.state import services
from batna.api.telemetry import allow_time
from batna.api.version import QUERY_DOC, chosen
from batna.batch.csvout import COLUMNS, csv_header, csv_row
from batna.batch.intake import chunks
from batna.batch.report import CSP, ReportRows, build_report, render
from batna.batch.results import ResultLine
from batna.errors import TooLarge, UnknownRuleset, UnsupportedMediaType
from batna.schemas.batches import BatchPage, BatchState, BatchStatus
from batna.schemas.jsonout import ENCODER
from batna.schemas.rows import Format, read_rows
from batna.store import known_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = [
    "batch_report",
    "batch_results",
    "batch_status",
    "create_batch",
    "delete_batch",
    "list_batches",
]

_MEDIA: Final[dict[str, Format]] = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "text/csv": "csv",
}
_ID_TEXT: Final = "The batch's id (from the Location header of its upload)."
_STATES: Final = get_args(BatchState)
_JSONL: Final = "application/x-ndjson"
_CSV: Final = "text/csv"
_RESULT_FORMATS: Final = {"jsonl": _JSONL, "csv": _CSV}
_VARY: Final = {"Vary": "Accept"}
_KEY_TEXT: Final = (
    "Makes a retried upload safe: the same key and body (and format) within 24 hours "
    "answer 202 with the batch the first upload made (its current status, the same "
    "Location, Idempotent-Replayed: true), waiting for that upload's intake to end if it "
    "is still running; the same key with another body is a 422 problem "
    "(IDEMPOTENCY_KEY_REUSED). Keys are per tenant; an upload that was refused holds none."
)


def _format(request: Request[Any, Any, Any]) -> Format:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in _MEDIA:
        raise UnsupportedMediaType(
            "Upload JSON Lines (application/x-ndjson) or CSV (text/csv), one situation per row."
        )
    check_charset(content_type)
    return _MEDIA[media]


async def _spool(request: Request[Any, Any, Any], limit: int) -> tuple[IO[bytes], str]:
    """The body in a temporary file (in memory up to 1 MiB), refused past ``limit``.

    Returns the file and the body's SHA-256, taken piece by piece as it arrives.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"The upload is {declared} bytes; the limit is {limit}.")
    spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 - returned open
    digest = hashlib.sha256()
    size = 0
    async for piece in request.stream():
        size += len(piece)
        if size > limit:
            spool.close()
            raise TooLarge(f"The upload is over the limit of {limit} bytes.")
        spool.write(piece)
        digest.update(piece)
    spool.seek(0)
    return spool, digest.hexdigest()


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
            headers={
                "Idempotency-Key": (
                    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
                    _KEY_TEXT,
                )
            },
            response_headers={
                "Location": "The batch: /v1/batches/{id}.",
                "Idempotent-Replayed": "true when this is the batch an earlier upload with "
                "the same Idempotency-Key made.",
            },
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
    """Receive, validate and store every row; queue the batch for the workers.

    The upload is bounded by ``BATNA_INTAKE_TIMEOUT_SECONDS``, not the request bound: its
    length grows with the file (and with the client's upload speed).
    """
    svc = services(request)
    allow_time(svc.settings.intake_timeout_seconds)
    fmt = _format(request)
    key = params.idempotency_key(request)
    who = principal(request)
    engine = chosen(request)
    spool, body_sha256 = await _spool(request, svc.settings.batch_max_bytes)
    try:
        idempotency = None
        if key is not None:  # the same bytes as CSV and as JSON Lines are two requests
            asked = f"\nruleset={engine.tag}" if params.text(request, "ruleset") else ""
            request_sha256 = hashlib.sha256(f"{body_sha256}\nformat={fmt}{asked}".encode())
            idempotency = (key, request_sha256.hexdigest())
        batch_id, replayed = await svc.batches.open(who, fmt, idempotency)
    except BaseException:
        spool.close()
        raise
    if replayed:
        spool.close()
        return _accepted(await svc.batches.status(who, batch_id), replayed=True)
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
    return _accepted(await svc.batches.status(who, batch_id), replayed=False)


def _accepted(status: BatchStatus, *, replayed: bool) -> Response[bytes]:
    headers = {"Location": f"/v1/batches/{status.id}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(
        content=ENCODER.encode(status),
        status_code=202,
        media_type="application/json",
        headers=headers,
    )


@get(
    "/batches",
    operation_id="listBatches",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="List the tenant's batches, newest first",
            description="Each item is the batch's status as GET /v1/batches/{id} answers it. "
            "Cursor pagination: pass next_cursor back as cursor until it is null.",
            tag="batches",
            response=BatchPage,
            errors=(422,),
            query={
                "limit": (
                    {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                    "Most items per page.",
                ),
                "cursor": (
                    {"type": "string"},
                    (
                        "next_cursor of the previous page: the listing goes on with the "
                        "batches that sort before it. Empty means the first page."
                    ),
                ),
                "status": (
                    {"type": "string", "enum": list(_STATES)},
                    "Only batches in this state.",
                ),
            },
        )
    },
)
async def list_batches(request: Request[Any, Any, Any]) -> Response[bytes]:
    """A page of the caller's tenant's batches."""
    limit = params.integer(request, "limit", low=1, high=200, default=50)
    before_id = params.cursor(request)
    state = params.choice(request, "status", _STATES)
    page = await services(request).batches.page(
        principal(request),
        limit=limit,
        before_id=before_id,
        status=state,  # type: ignore[arg-type]
    )
    return Response(content=ENCODER.encode(page), media_type="application/json")


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
            summary="Results of a batch, as JSON Lines (or CSV) in input order",
            description="Each line is a ResultLine: the row, 200 with its evaluation or 422 "
            "with its problem. The stream stops before the first row not yet evaluated; "
            "resume with start = the next row. CSV (Accept: text/csv, or format=csv) gives "
            "one row per line under a header, in these columns: "
            + "; ".join(f"{name} ({text})" for name, text in COLUMNS.items())
            + ". Text cells that a spreadsheet would run as a formula start with '.",
            tag="batches",
            response=ResultLine,
            response_media=_JSONL,
            response_alternatives={
                _CSV: "The results as CSV (RFC 4180, UTF-8, CRLF, a header line), one row "
                "per result line; answered when format=csv or Accept prefers text/csv."
            },
            errors=(404, 422),
            path_params={"batch_id": _ID_TEXT},
            query={
                "start": (
                    {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0},
                    "First row to send (resume after a broken download).",
                ),
                "format": (
                    {"type": "string", "enum": list(_RESULT_FORMATS)},
                    "jsonl or csv; overrides Accept. Without it and Accept, JSON Lines.",
                ),
            },
        )
    },
)
async def batch_results(request: Request[Any, Any, Any], batch_id: FromPath[str]) -> Stream:
    """Stream settled rows from ``start``, as JSON Lines or CSV."""
    start = params.integer(request, "start", low=0, high=10_000_000, default=0)
    asked = params.choice(request, "format", _RESULT_FORMATS)
    media = (
        _RESULT_FORMATS[asked]
        if asked is not None
        else preferred(request.headers.get("accept"), (_JSONL, _CSV))
    )
    store = services(request).batches
    who = principal(request)
    await store.status(who, known_id(batch_id))  # 404 before the first byte of a stream

    async def lines() -> AsyncIterator[bytes]:
        async for _, line in store.results(who, batch_id, after=start - 1):
            yield line.encode() + b"\n"

    async def rows() -> AsyncIterator[bytes]:
        yield csv_header()
        async for _, line in store.results(who, batch_id, after=start - 1):
            yield csv_row(line)

    if media == _CSV:
        return Stream(rows(), media_type="text/csv; charset=utf-8; header=present", headers=_VARY)
    return Stream(lines(), media_type=_JSONL, headers=_VARY)


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
