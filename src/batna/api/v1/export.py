"""``GET /v1/evaluations:export``: the tenant's decision log as JSON Lines, for warehouses.

Each line is one full record, byte for byte what ``GET /v1/evaluations/{id}`` answers, in
id order (ids are UUIDv7, so creation order). The export is read a page at a time by
keyset (``id >`` the last one sent), so memory stays flat whatever its size, and it
resumes from any id: ``cursor`` = the ``id`` of the last complete line received. The
last id it will send is fixed when it starts and named in the ``Export-Last-Id`` header:
a download is complete when its last line has that id, and records stored meanwhile wait
for the next export instead of moving its end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from litestar import Request, get
from litestar.response import Stream

from batna.api import params
from batna.api.auth import principal
from batna.api.openapi import Doc
from batna.api.state import services
from batna.errors import Issue, ValidationFailed
from batna.schemas.jsonout import ENCODER
from batna.schemas.records import EvaluationRecord
from batna.store import known_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["PAGE", "export_evaluations"]

PAGE: Final = 500
_JSONL: Final = "application/x-ndjson"  # as GET /v1/batches/{id}/results
_LAST: Final = "Export-Last-Id"


def _refuse(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        [Issue(code="INVALID_PARAMETER", path=f"/query/{name}", message=message)]
    )


@get(
    "/evaluations:export",
    operation_id="exportEvaluations",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Export stored evaluations as JSON Lines (the decision log)",
            description="Every record of the API key's tenant, one per line, each exactly "
            "as GET /v1/evaluations/{id} returns it, oldest id first (ids are UUIDv7, so "
            "creation order). Streamed a page at a time; memory stays flat at any size. "
            "The last id this response will send is fixed when it starts and named in "
            f"{_LAST}: records stored meanwhile come in the next export. Resume a broken "
            "download, or pull only what is new, with cursor = the id of the last complete "
            "line you hold: the export goes on with exactly the records after it. Erased "
            "records are not exported.",
            tag="evaluations",
            response=EvaluationRecord,
            response_media=_JSONL,
            errors=(422,),
            query={
                "created_after": (
                    {"type": "string", "format": "date-time"},
                    "Only records created at or after this instant (RFC 3339).",
                ),
                "created_before": (
                    {"type": "string", "format": "date-time"},
                    (
                        "Only records created before this instant (RFC 3339). For an "
                        "incremental pull of a live tenant, a minute in the past: records "
                        "are committed moments after their id is made."
                    ),
                ),
                "cursor": (
                    {
                        "type": "string",
                        "format": "uuid",
                        "maxLength": 36,
                        "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}"
                        "-[0-9a-f]{12}$",
                    },
                    (
                        "The id of the last record received (the last line's id, or the "
                        f"previous export's {_LAST}): only records after it are sent. Any "
                        "record id works, even an erased one's."
                    ),
                ),
            },
            response_headers={
                _LAST: "The id of the last record this export sends (the newest in range "
                "when it started): the download is complete when its last line has this id, "
                "and it is the cursor of the next export. Absent when nothing is in range; "
                "keep your cursor then.",
            },
        )
    },
)
async def export_evaluations(request: Request[Any, Any, Any]) -> Stream:
    """Stream the tenant's records in range, after ``cursor``, a page at a time."""
    created_after = params.timestamp(request, "created_after")
    created_before = params.timestamp(request, "created_before")
    if created_after is not None and created_before is not None and created_after > created_before:
        raise _refuse("created_after", "created_after must not be later than created_before.")
    cursor = params.text(request, "cursor")
    if cursor is not None and not known_id(cursor):
        raise _refuse("cursor", "cursor must be a record id (the id of the last line received).")
    store = services(request).records
    who = principal(request)
    window = (created_after, created_before)
    span = await store.export_span(who, after=cursor, window=window)

    async def lines() -> AsyncIterator[bytes]:
        if span is None:
            return
        first, last = span
        page = await store.export_page(
            who,
            start=first,
            last=last,
            window=window,
            limit=PAGE,
        )
        while True:
            out, count, newest = bytearray(), 0, ""
            for record in page:  # built, encoded and dropped one at a time
                ENCODER.encode_into(record, out, -1)
                out += b"\n"
                count, newest = count + 1, record.id
            if count:
                yield bytes(out)
            if count < PAGE:
                return
            page = await store.export_page(
                who,
                after=newest,
                last=last,
                window=window,
                limit=PAGE,
            )

    headers = {} if span is None else {_LAST: span[1]}
    return Stream(lines(), media_type=_JSONL, headers=headers)
