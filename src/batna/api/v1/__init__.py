"""API version 1 under ``/v1``: evaluations and their records, batches, rulesets; all need a key."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from litestar import HttpMethod, Request, Response, Router, route
from litestar.handlers import HTTPRouteHandler

from batna.api.auth import authenticate, rate_headers
from batna.api.v1.batches import (
    batch_report,
    batch_results,
    batch_status,
    create_batch,
    delete_batch,
    list_batches,
)
from batna.api.v1.evaluations import evaluate, evaluate_batch, what_if
from batna.api.v1.export import export_evaluations
from batna.api.v1.impact import (
    analysis_changes,
    analysis_report,
    analysis_status,
    create_analysis,
)
from batna.api.v1.records import delete_evaluation, get_evaluation, list_evaluations
from batna.api.v1.rulesets import get_ruleset, list_rulesets
from batna.api.v1.webhooks import (
    create_webhook,
    delete_webhook,
    list_deliveries,
    list_webhooks,
)

__all__ = ["router"]

_HANDLERS: list[HTTPRouteHandler] = [
    evaluate,
    evaluate_batch,
    what_if,
    get_evaluation,
    list_evaluations,
    delete_evaluation,
    export_evaluations,
    list_rulesets,
    get_ruleset,
    create_batch,
    list_batches,
    batch_status,
    batch_results,
    batch_report,
    delete_batch,
    create_analysis,
    analysis_status,
    analysis_changes,
    analysis_report,
    create_webhook,
    list_webhooks,
    delete_webhook,
    list_deliveries,
]


def _allow(request: Request[Any, Any, Any]) -> Response[None]:
    """``Allow`` from the finished route table.

    Litestar's automatic OPTIONS answer freezes the methods of the first handler
    registered on a path, so paths with several handlers get this one, registered first.
    """
    handler = request.route_handler
    methods = next(
        r.methods for r in request.app.routes if handler in getattr(r, "route_handlers", ())
    )
    return Response(content=None, status_code=204, headers={"Allow": ", ".join(sorted(methods))})


def _options() -> list[HTTPRouteHandler]:
    by_path: defaultdict[str, int] = defaultdict(int)
    for handler in _HANDLERS:
        for path in handler.paths:
            by_path[path] += 1
    return [
        route(path, http_method=HttpMethod.OPTIONS, include_in_schema=False, sync_to_thread=False)(
            _allow
        )
        for path, count in sorted(by_path.items())
        if count > 1
    ]


router = Router(
    path="/v1",
    before_request=authenticate,
    after_request=rate_headers,
    route_handlers=[*_options(), *_HANDLERS],
)
