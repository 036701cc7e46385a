"""``POST /v1/evaluations`` and ``POST /v1/evaluations:batch``: situations in, evaluations out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import msgspec
from litestar import Request, Response, post
from litestar.concurrency import sync_to_thread

from batna.api.body import BodyTooLarge, read_json_body
from batna.api.openapi import Doc
from batna.api.state import ENCODER, services
from batna.errors import Issue, ValidationFailed
from batna.schemas.api import BatchItem, BatchProblem, BatchRequest, BatchResponse
from batna.schemas.decode import MalformedJSON
from batna.schemas.evaluation import Evaluation
from batna.schemas.situation import Situation

__all__ = ["evaluate", "evaluate_batch"]

_DECODER: Final = msgspec.json.Decoder(float_hook=Decimal)
_JSON: Final = "application/json"


@post(
    "/evaluations",
    operation_id="evaluateSituation",
    status_code=200,
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Evaluate one offer situation",
            description="Validates the situation, runs the rule set and returns the scored "
            "evaluation. Every invalid field is reported at once (422).",
            tag="evaluations",
            request=Situation,
            response=Evaluation,
            errors=(400, 413, 415, 422),
        )
    },
)
async def evaluate(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Evaluate one situation."""
    svc = services(request)
    raw = await read_json_body(request, svc.settings.max_body_bytes)
    evaluation = svc.engine.evaluate(svc.engine.decode(raw))
    return Response(content=ENCODER.encode(evaluation), media_type=_JSON)


def _evaluate_all(request: Request[Any, Any, Any], items: list[Any]) -> BatchResponse:
    engine = services(request).engine
    results: list[BatchItem] = []
    rejected = 0
    for index, item in enumerate(items):
        try:
            evaluation = engine.evaluate(engine.parse(item))
        except ValidationFailed as exc:
            rejected += 1
            results.append(
                BatchItem(
                    index=index,
                    status=422,
                    problem=BatchProblem(
                        status=422,
                        error="VALIDATION_FAILED",
                        detail=str(exc),
                        details=exc.issues,
                    ),
                )
            )
        else:
            results.append(BatchItem(index=index, status=200, evaluation=evaluation))
    return BatchResponse(results=results, evaluated=len(items) - rejected, rejected=rejected)


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
        )
    },
)
async def evaluate_batch(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Evaluate many situations, one result per item."""
    settings = services(request).settings
    raw = await read_json_body(request, settings.max_batch_body_bytes)
    try:
        document = _DECODER.decode(raw)
    except msgspec.DecodeError as exc:
        raise MalformedJSON(f"The body is not valid JSON: {exc}") from None
    if isinstance(document, dict) and isinstance(document.get("situations"), list):
        count = len(document["situations"])
        if count > settings.batch_max_items:
            raise BodyTooLarge(
                f"{count} situations; the limit is {settings.batch_max_items} "
                "per request (use POST /v1/batches for larger jobs)."
            )
    items = _situations(document)
    response = await sync_to_thread(_evaluate_all, request, items)
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
