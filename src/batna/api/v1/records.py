"""Stored evaluations: read one back, list them, erase one (tenant-scoped, for audit)."""

from __future__ import annotations

import re
from typing import Any, Final, get_args

from litestar import Request, Response, delete, get
from litestar.params import FromPath

from batna.api import params
from batna.api.auth import principal
from batna.api.media import preferred
from batna.api.openapi import Doc
from batna.api.state import services
from batna.errors import UnknownRuleset
from batna.render import render_markdown
from batna.schemas.evaluation import Recommendation
from batna.schemas.jsonout import ENCODER
from batna.schemas.records import EvaluationPage, EvaluationQuery, EvaluationRecord
from batna.store import known_id

__all__ = ["delete_evaluation", "get_evaluation", "list_evaluations"]

_JSON: Final = "application/json"
_MARKDOWN: Final = "text/markdown"
_RULE_ID: Final = re.compile(r"[A-Z]{2,8}-\d{3}")
_RECOMMENDATIONS: Final = get_args(Recommendation)
_ID_TEXT: Final = "The evaluation's id (from the Location header of its creation)."


def _position(cursor: str | None) -> str | None:
    """Where a listing resumes: records whose id sorts before ``cursor``; empty = the start.

    Any text is a position (the contract says string), so a cursor is never refused: a
    next_cursor is a record id, and ids sort in creation order. Text from its first NUL on
    is dropped, which PostgreSQL cannot bind; no id holds a NUL, so the ids before the
    position stay the same.
    """
    if cursor is None:
        return None
    return cursor.split("\x00", 1)[0] or None


@get(
    "/evaluations/{evaluation_id:str}",
    operation_id="getEvaluation",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Read a stored evaluation back",
            description="The situation (unless the caller opted out; gender is never kept), "
            "the ruleset name, version and revision, and the evaluation exactly as answered. "
            "Another tenant's id is a 404.",
            tag="evaluations",
            response=EvaluationRecord,
            response_alternatives={
                _MARKDOWN: (
                    "The stored evaluation in words (UTF-8 CommonMark): the verdict and why, "
                    "what to fix first, strengths, what to do, the key numbers, each score "
                    "with the direction that is good, and the sources. Answered when the "
                    "request's Accept prefers text/markdown; JSON stays the default."
                )
            },
            errors=(404,),
            path_params={"evaluation_id": _ID_TEXT},
        )
    },
)
async def get_evaluation(
    request: Request[Any, Any, Any], evaluation_id: FromPath[str]
) -> Response[bytes]:
    """One stored evaluation of the caller's tenant: JSON, or Markdown when preferred."""
    svc = services(request)
    record = await svc.records.get(principal(request), known_id(evaluation_id))
    vary = {"Vary": "Accept"}
    if preferred(request.headers.get("accept"), (_JSON, _MARKDOWN)) == _JSON:
        return Response(content=ENCODER.encode(record), media_type=_JSON, headers=vary)
    try:  # the version that judged it, else its name's default version
        ref = record.ruleset
        found = svc.rulesets.get(f"{ref.name}@{ref.version}")
    except UnknownRuleset:
        found = None
    try:
        sources = (found or svc.rulesets.get(ref.name)).ruleset.settings.sources
    except UnknownRuleset:  # stored by a ruleset this server no longer has: keys only
        sources = None
    text = render_markdown(record.evaluation, situation=record.situation, sources=sources)
    # Litestar adds "; charset=utf-8" to text/* types.
    return Response(content=text.encode(), media_type=_MARKDOWN, headers=vary)


@get(
    "/evaluations",
    operation_id="listEvaluations",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="List stored evaluations, newest first",
            description="Cursor pagination: pass next_cursor back as cursor until it is null. "
            "Filters combine (AND).",
            tag="evaluations",
            response=EvaluationPage,
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
                        "records that sort before it. Empty means the first page."
                    ),
                ),
                "recommendation": (
                    {"type": "string", "enum": list(_RECOMMENDATIONS)},
                    "Only this overall recommendation.",
                ),
                "rule": (
                    {"type": "string", "pattern": "^[A-Z]{2,8}-[0-9]{3}$"},
                    "Only evaluations where this rule fired (e.g. WALK-001).",
                ),
                "created_after": (
                    {"type": "string", "format": "date-time"},
                    "Only evaluations created at or after this instant (RFC 3339).",
                ),
                "created_before": (
                    {"type": "string", "format": "date-time"},
                    "Only evaluations created before this instant (RFC 3339).",
                ),
            },
        )
    },
)
async def list_evaluations(request: Request[Any, Any, Any]) -> Response[bytes]:
    """A page of the caller's tenant's evaluations."""
    query = EvaluationQuery(
        limit=params.integer(request, "limit", low=1, high=200, default=50),
        before_id=_position(params.text(request, "cursor")),
        recommendation=params.choice(request, "recommendation", _RECOMMENDATIONS),  # type: ignore[arg-type]
        rule=params.matching(request, "rule", _RULE_ID, "a rule id such as WALK-001"),
        created_after=params.timestamp(request, "created_after"),
        created_before=params.timestamp(request, "created_before"),
    )
    page = await services(request).records.page(principal(request), query)
    return Response(content=ENCODER.encode(page), media_type=_JSON)


@delete(
    "/evaluations/{evaluation_id:str}",
    operation_id="deleteEvaluation",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Erase a stored evaluation",
            description="Deletes the record, its situation and its idempotency key for good "
            "(erasure on request). Another tenant's id is a 404.",
            tag="evaluations",
            status=204,
            errors=(404,),
            path_params={"evaluation_id": _ID_TEXT},
        )
    },
)
async def delete_evaluation(request: Request[Any, Any, Any], evaluation_id: FromPath[str]) -> None:
    """Erase one record of the caller's tenant (204)."""
    await services(request).records.delete(principal(request), known_id(evaluation_id))
