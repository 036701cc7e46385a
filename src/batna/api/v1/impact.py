"""Impact analyses: replay the tenant's stored decisions against a loaded candidate ruleset.

``POST /v1/impact-analyses`` cuts the analysis into chunks and queues it; the server's
workers replay the chunks under leases (as they do batch chunks), so an analysis survives
a crash and is shared by every replica. Then progress and summary, the changed decisions
as JSON Lines, and an HTML report. Everything is scoped by the caller's tenant.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Stream

from batna.api.auth import principal
from batna.api.body import read_json_body
from batna.api.openapi import Doc
from batna.api.state import services
from batna.batch.impact import CHANGED_IDS, not_comparable, summarise
from batna.batch.impact_report import CSP, render_html
from batna.errors import Issue, UnknownRuleset, ValidationFailed
from batna.schemas.decode import decode_json
from batna.schemas.evaluation import RulesetRef
from batna.schemas.impact import ImpactAnalysis, ImpactChange, ImpactRequest, ImpactSummary
from batna.schemas.jsonout import ENCODER
from batna.schemas.rules import RULESET_TAG
from batna.store import known_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from batna.api.state import Services
    from batna.schemas.records import Principal
    from batna.store import AnalysisRow

__all__ = ["analysis_changes", "analysis_report", "analysis_status", "create_analysis"]

_ID_TEXT: Final = "The analysis's id (from the Location header of its creation)."
_FIELDS: Final = ("candidate", "since", "until")
_TAG: Final = re.compile(RULESET_TAG)
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(document: dict[str, Any], name: str, issues: list[Issue]) -> dt.date | None:
    """An RFC 3339 full-date, the contract's ``format: date``: exactly ``YYYY-MM-DD``.

    fromisoformat alone also takes ISO week dates (``2025-W10-1``); year 0000 is a valid
    full-date Python cannot hold, and no decision is that old: it reads as 0001-01-01.
    """
    value = document.get(name)
    if value is None:
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            if value.startswith("0000-"):  # a leap year, as 2000 is; older than any decision
                dt.date.fromisoformat("2000" + value[4:])
                return dt.date.min
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    issues.append(Issue(code="INVALID_FORMAT", path=f"/{name}", message="Expected YYYY-MM-DD."))
    return None


def _request(document: object) -> ImpactRequest:
    """The request body, every issue reported at once."""
    if not isinstance(document, dict):
        raise ValidationFailed(
            [Issue(code="INVALID_TYPE", path="", message="Expected a JSON object.")]
        )
    issues = [
        Issue(code="UNKNOWN_FIELD", path=f"/{key}", message=f"Unknown field {key!r}.")
        for key in document
        if key not in _FIELDS
    ]
    candidate = document.get("candidate")
    if candidate is None:
        issues.append(
            Issue(
                code="REQUIRED_FIELD_MISSING", path="/candidate", message="candidate is required."
            )
        )
    elif not isinstance(candidate, str):
        issues.append(Issue(code="INVALID_TYPE", path="/candidate", message="Expected a string."))
    elif not _TAG.fullmatch(candidate):  # the contract's pattern, so both refuse the same
        issues.append(
            Issue(
                code="INVALID_FORMAT",
                path="/candidate",
                message="Expected name@version (e.g. negotiation@1.1.0).",
            )
        )
    since, until = _day(document, "since", issues), _day(document, "until", issues)
    if since is not None and until is not None and since > until:
        issues.append(Issue(code="INVALID_RANGE", path="/since", message="since is after until."))
    if issues:
        raise ValidationFailed(issues)
    return ImpactRequest(candidate=str(candidate), since=since, until=until)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


async def _document(svc: Services, who: Principal, analysis_id: str) -> ImpactAnalysis:
    row = await svc.impacts.analysis(who, analysis_id)
    return _status(svc, row, await svc.impacts.changed_ids(row.id, CHANGED_IDS))


def _status(svc: Services, row: AnalysisRow, changed_ids: list[str]) -> ImpactAnalysis:
    engine = svc.rulesets.get(row.candidate) if _loaded(svc, row.candidate) else None
    ref = engine.ref if engine is not None else _unloaded_ref(row.candidate)
    ignored = not_comparable(engine.ruleset) if engine is not None else ()
    summary: ImpactSummary = summarise(row.tally, ref, changed_ids, ignored)
    done = row.tally.evaluated + row.tally.skipped
    return ImpactAnalysis(
        id=row.id,
        status=row.status,
        candidate=row.candidate,
        since=None if row.since is None else row.since.date(),
        until=None if row.before is None else (row.before - dt.timedelta(days=1)).date(),
        total=row.total,
        done=done,
        progress=1.0 if row.status == "done" or not row.total else round(done / row.total, 4),
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        summary=summary,
        changes=f"/v1/impact-analyses/{row.id}/changes",
        report=f"/v1/impact-analyses/{row.id}/report",
    )


def _loaded(svc: Services, ref: str) -> bool:
    return any(engine.tag == ref for engine in svc.rulesets.loaded())


def _unloaded_ref(tag: str) -> RulesetRef:
    """The candidate's name and version when this process no longer loads it (no revision)."""
    name, _, version = tag.partition("@")
    return RulesetRef(name=name, version=version, revision="")


@post(
    "/impact-analyses",
    operation_id="createImpactAnalysis",
    status_code=202,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Replay stored decisions against a candidate ruleset",
            description="Queues an analysis of the tenant's stored evaluations (made between "
            "since and until, inclusive days, UTC) against a loaded ruleset version "
            "(`GET /v1/rulesets` lists them; the server loads candidates from "
            "BATNA_CANDIDATE_BUNDLES). Each decision whose situation was kept is evaluated "
            "again as of the day it was made and compared with what was answered then. "
            "Server workers do the work in leased chunks; poll the Location for progress "
            "and the summary. An unknown candidate is a 422 listing the loaded ones.",
            tag="impact-analyses",
            request=ImpactRequest,
            response=ImpactAnalysis,
            status=202,
            errors=(400, 413, 415, 422),
            response_headers={"Location": "The analysis: /v1/impact-analyses/{id}."},
            links={
                "GetImpactAnalysis": ("getImpactAnalysis", "analysis_id"),
                "GetImpactAnalysisChanges": ("getImpactAnalysisChanges", "analysis_id"),
                "GetImpactAnalysisReport": ("getImpactAnalysisReport", "analysis_id"),
            },
        )
    },
)
async def create_analysis(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Check the candidate is loaded, cut the analysis into chunks, wake the worker."""
    svc = services(request)
    raw = await read_json_body(request, svc.settings.max_body_bytes)
    wanted = _request(decode_json(raw))
    try:
        engine = svc.rulesets.get(wanted.candidate)
    except UnknownRuleset as exc:
        raise exc.at("/candidate") from None
    who = principal(request)
    analysis_id = await svc.impacts.create(
        who,
        engine.tag,
        None if wanted.since is None else _midnight(wanted.since),
        # The day after until; 9999-12-31 has none, and bounds nothing.
        None
        if wanted.until is None or wanted.until == dt.date.max
        else _midnight(wanted.until + dt.timedelta(days=1)),
    )
    if svc.runner is not None:
        svc.runner.wake.set()
    document = await _document(svc, who, analysis_id)
    return Response(
        content=ENCODER.encode(document),
        status_code=202,
        media_type="application/json",
        headers={"Location": f"/v1/impact-analyses/{analysis_id}"},
    )


@get(
    "/impact-analyses/{analysis_id:str}",
    operation_id="getImpactAnalysis",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Progress and summary of an impact analysis",
            description="Status, counts and the summary of the decisions replayed so far "
            "(final once status is done): transitions, rules whose firing count changes, "
            "score shifts and the first 1,000 changed ids.",
            tag="impact-analyses",
            response=ImpactAnalysis,
            errors=(404,),
            path_params={"analysis_id": _ID_TEXT},
        )
    },
)
async def analysis_status(
    request: Request[Any, Any, Any], analysis_id: FromPath[str]
) -> Response[bytes]:
    """Where the analysis stands."""
    document = await _document(services(request), principal(request), known_id(analysis_id))
    return Response(content=ENCODER.encode(document), media_type="application/json")


@get(
    "/impact-analyses/{analysis_id:str}/changes",
    operation_id="getImpactAnalysisChanges",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="The changed decisions, as JSON Lines",
            description="One ImpactChange per line, oldest decision first: its id, the "
            "recommendation and scores before (as answered) and after (the candidate's), "
            "and the rules added and removed. Only chunks done so far are included.",
            tag="impact-analyses",
            response=ImpactChange,
            response_media="application/x-ndjson",
            errors=(404,),
            path_params={"analysis_id": _ID_TEXT},
        )
    },
)
async def analysis_changes(request: Request[Any, Any, Any], analysis_id: FromPath[str]) -> Stream:
    """Stream the changes, a page at a time."""
    store = services(request).impacts
    who = principal(request)
    await store.analysis(who, known_id(analysis_id))  # 404 before the first byte of a stream

    async def lines() -> AsyncIterator[bytes]:
        async for line in store.changes(who, analysis_id):
            yield line.encode() + b"\n"

    return Stream(lines(), media_type="application/x-ndjson")


@get(
    "/impact-analyses/{analysis_id:str}/report",
    operation_id="getImpactAnalysisReport",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="An impact report page for people",
            description="HTML: the transition matrix of recommendations, the rules whose "
            "firing count changes, and histograms of the score shifts. Self-contained: it "
            "loads nothing from the network.",
            tag="impact-analyses",
            response_media="text/html",
            errors=(404,),
            path_params={"analysis_id": _ID_TEXT},
        )
    },
)
async def analysis_report(
    request: Request[Any, Any, Any], analysis_id: FromPath[str]
) -> Response[str]:
    """Render the report of one of the tenant's analyses."""
    svc = services(request)
    who = principal(request)
    row = await svc.impacts.analysis(who, known_id(analysis_id))
    document = _status(svc, row, await svc.impacts.changed_ids(row.id, CHANGED_IDS))
    title = f"Impact of {row.candidate} ({row.status})"
    page = render_html(title, document.summary, row.tally)
    return Response(
        content=page,
        media_type="text/html",
        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
    )
