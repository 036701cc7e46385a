"""``POST /v1/evaluations`` and ``POST /v1/evaluations:batch``: situations in, evaluations out."""

from __future__ import annotations

import time
from typing import Any, Final

import msgspec
from litestar import Request, Response, post
from litestar.concurrency import sync_to_thread

from batna.api import params
from batna.api.audit import new_record, request_hash
from batna.api.auth import principal
from batna.api.body import read_json_body
from batna.api.openapi import Doc
from batna.api.state import services
from batna.api.telemetry import record_batch_rows, record_evaluation
from batna.api.version import QUERY_DOC, chosen
from batna.errors import Issue, TooLarge, ValidationFailed
from batna.schemas.api import BatchRequest, BatchResponse
from batna.schemas.decode import decode_json
from batna.schemas.evaluation import Evaluation, WhatIf
from batna.schemas.jsonout import ENCODER
from batna.schemas.situation import Situation
from batna.store import new_id

__all__ = ["evaluate", "evaluate_batch", "what_if"]

_JSON: Final = "application/json"
_HINT_CAP: Final = 100


@post(
    "/evaluations",
    operation_id="evaluateSituation",
    status_code=201,
    include_in_schema=False,
    opt={
        # The record's transaction confirms the key, so it may come from the cache.
        "store_confirms_key": True,
        "doc": Doc(
            summary="Evaluate one offer situation, and keep it for audit",
            description="Validates the situation, runs the rule set, stores the evaluation "
            "for the API key's tenant and returns it with its record id (201, Location). "
            "Every invalid field is reported at once (422). Gender is never stored. With an "
            "Idempotency-Key, a retry of the same request within 24 hours returns the first "
            "response (header Idempotent-Replayed: true) and stores nothing new.",
            tag="evaluations",
            request=Situation,
            response=Evaluation,
            status=201,
            errors=(400, 413, 415, 422),
            query={
                "hint": (
                    {"type": "boolean", "default": False},
                    "Attach the best single change that would improve the outcome.",
                ),
                "store_situation": (
                    {"type": "boolean", "default": True},
                    "false keeps only the situation's SHA-256 beside the evaluation.",
                ),
                "ruleset": QUERY_DOC,
            },
            headers={
                "Idempotency-Key": (
                    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
                    (
                        "Makes a retry safe: the same key and body within 24 hours return the "
                        "stored response; the same key with another body is a 422 problem."
                    ),
                )
            },
            links={
                "GetEvaluation": ("getEvaluation", "evaluation_id"),
                "DeleteEvaluation": ("deleteEvaluation", "evaluation_id"),
            },
            response_headers={
                "Location": "The stored record: /v1/evaluations/{id}.",
                "Idempotent-Replayed": "true when this is the stored response to an earlier "
                "request with the same Idempotency-Key.",
            },
        ),
    },
)
async def evaluate(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Evaluate one situation (with a hint when asked) and record it before answering."""
    svc = services(request)
    hint = params.flag(request, "hint", default=False)
    store_situation = params.flag(request, "store_situation", default=True)
    key = params.idempotency_key(request)
    engine = chosen(request)
    raw = await read_json_body(request, svc.settings.max_body_bytes)
    situation = engine.decode(raw)
    started = time.perf_counter()
    evaluation = engine.evaluate(situation)
    record_evaluation(evaluation, time.perf_counter() - started)
    if hint:
        cap = min(svc.settings.what_if_cap, _HINT_CAP)
        evaluation = await sync_to_thread(lambda: engine.with_hint(situation, evaluation, cap=cap))
    evaluation = msgspec.structs.replace(evaluation, id=new_id())
    body = ENCODER.encode(evaluation)
    record = new_record(situation, evaluation, body, store_situation=store_situation)
    idempotency = None
    if key is not None:
        options: dict[str, bool | str] = {"hint": hint, "store_situation": store_situation}
        if params.text(request, "ruleset") is not None:  # chosen: part of the request
            options["ruleset"] = engine.tag
        idempotency = (key, request_hash(raw, **options))
    stored = await svc.records.record(principal(request), record, idempotency)
    headers = {"Location": f"/v1/evaluations/{stored.id}"}
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(content=stored.evaluation, status_code=201, media_type=_JSON, headers=headers)


@post(
    "/evaluations:what-if",
    operation_id="whatIf",
    status_code=200,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Find the smallest changes that improve the outcome",
            description="Tries the remedies of the rules that fired: changes the person "
            "controls (framing, tone, disclosure, the ask's target, range and type, reasons, "
            "preparation, exit plan, timing, getting an offer in writing; never facts such "
            "as pay or gender), one, then two, then three at a time. Keeps the smallest sets "
            "that raise the recommendation, remove a blocker or a high or medium warning, or "
            "move a score by the ruleset's step the right way, without adding a warning; "
            "each says what improved in `improvements` and carries the evaluation it leads "
            "to. Ranked by how far the recommendation rises, then warnings removed, then "
            "fewest changes. The search is capped and says when the cap cut it short. A "
            "tenant runs one search (or :batch) at a time per process; more wait their turn.",
            tag="evaluations",
            request=Situation,
            response=WhatIf,
            errors=(400, 413, 415, 422),
            query={
                "cap": (
                    {"type": "integer", "minimum": 1},
                    (
                        "Most evaluations the search may run; default and upper limit: "
                        "the server's BATNA_WHAT_IF_CAP (2,000 unless configured). A larger "
                        "cap is lowered to that limit; the answer's cap says which applied."
                    ),
                ),
                "ruleset": QUERY_DOC,
            },
        )
    },
)
async def what_if(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Search the person's own changes for ones that improve the evaluation."""
    svc = services(request)
    limit = svc.settings.what_if_cap
    cap = params.integer(request, "cap", low=1, high=limit, default=limit, clamp=True)
    engine = chosen(request)
    raw = await read_json_body(request, svc.settings.max_body_bytes)
    situation = engine.decode(raw)
    async with svc.heavy.hold(principal(request).tenant_id):
        result = await svc.offload.what_if(engine, situation, cap)
    return Response(content=ENCODER.encode(result), media_type=_JSON)


@post(
    "/evaluations:batch",
    operation_id="evaluateBatch",
    status_code=200,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Evaluate up to 1,000 situations",
            description="Each situation is validated and evaluated on its own; results come back "
            "in input order, each with its evaluation or its problem. One bad item never fails "
            "the others. More than the limit is a 413 problem.",
            tag="evaluations",
            request=BatchRequest,
            response=BatchResponse,
            errors=(400, 413, 415, 422),
            query={"ruleset": QUERY_DOC},
        )
    },
)
async def evaluate_batch(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Evaluate many situations, one result per item."""
    svc = services(request)
    settings = svc.settings
    engine = chosen(request)
    raw = await read_json_body(request, settings.max_batch_body_bytes)
    document = decode_json(raw)
    if isinstance(document, dict) and isinstance(document.get("situations"), list):
        count = len(document["situations"])
        if count > settings.batch_max_items:
            raise TooLarge(
                f"{count} situations; the limit is {settings.batch_max_items} "
                "per request (use POST /v1/batches for larger jobs)."
            )
    items = _situations(document)
    async with svc.heavy.hold(principal(request).tenant_id):
        response, seconds = await svc.offload.batch(engine, items)
    evaluated = iter(seconds)
    for item in response.results:
        if item.evaluation is not None:
            record_evaluation(item.evaluation, next(evaluated))
    record_batch_rows(response.evaluated, response.rejected)
    return Response(content=ENCODER.encode(response), media_type=_JSON)


def _situations(document: object) -> list[Any]:
    """The ``situations`` list of a batch body, or every issue with its envelope."""
    if not isinstance(document, dict):
        raise ValidationFailed(
            [Issue(code="INVALID_TYPE", path="", message="Expected a JSON object.")]
        )
    issues = [
        Issue(code="UNKNOWN_FIELD", path=f"/{key}", message=f"Unknown field {key!r}.")
        for key in document
        if key != "situations"
    ]
    items = document.get("situations")
    if items is None:
        issues.append(
            Issue(
                code="REQUIRED_FIELD_MISSING", path="/situations", message="situations is required."
            )
        )
    elif not isinstance(items, list):
        issues.append(Issue(code="INVALID_TYPE", path="/situations", message="Expected an array."))
    elif not items:
        issues.append(
            Issue(code="INVALID_LENGTH", path="/situations", message="Send at least one situation.")
        )
    if issues:
        raise ValidationFailed(issues)
    return items  # type: ignore[return-value]
