"""``create_app``: the Litestar application, wired once from ``Settings``.

Every ruleset version (the active bundle's and the candidates') is compiled before the
app exists, so a bad rule bundle stops start-up with the file, rule and field named. At
start-up the database must be at this release's schema revision or the server refuses to
start; an unreachable database only makes
``/readyz`` fail until it answers (the pool reconnects by itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import swagger_ui_bundle
from litestar import Litestar, Request, Response, get
from litestar.config.cors import CORSConfig
from litestar.exceptions import HTTPException
from litestar.static_files import create_static_files_router

from batna.api.fairness import HeavySlots
from batna.api.health import healthz, readyz
from batna.api.limits import limiter_for
from batna.api.offload import Offload
from batna.api.openapi import build_document
from batna.api.problems import handle_batna_error, handle_http_error, handle_unexpected
from batna.api.state import Services
from batna.api.telemetry import (
    Observability,
    forget_this_process,
    metrics,
    metrics_registry,
    record_evaluation,
)
from batna.api.v1 import router as v1
from batna.batch.impact import ImpactJob
from batna.batch.runner import BatchRunner
from batna.config import Settings
from batna.engine import Rulesets
from batna.errors import BatnaError, StoreUnavailable
from batna.schemas.crossfield import conditional_rules
from batna.store import (
    BatchStore,
    Database,
    EvaluationStore,
    ImpactStore,
    KeyStore,
    WebhookStore,
    migrate,
)
from batna.webhooks import Deliverer

__all__ = ["create_app"]

_LOG: Final = logging.getLogger("batna.api")
_DOCS_PAGE: Final = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>batna API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>
"""
_DOCS_INIT: Final = (
    'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui", deepLinking: true});\n'
)


@get("/openapi.json", include_in_schema=False, sync_to_thread=False)
def openapi_json(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The committed contract, as served."""
    document: bytes = request.app.state.openapi
    return Response(content=document, media_type="application/json")


@get("/docs", include_in_schema=False, sync_to_thread=False)
def docs() -> Response[str]:
    """Interactive documentation (Swagger UI, served locally: no network needed)."""
    return Response(content=_DOCS_PAGE, media_type="text/html")


@get("/docs/init.js", include_in_schema=False, sync_to_thread=False)
def docs_init() -> Response[str]:
    """Points Swagger UI at /openapi.json (a file, so a strict CSP needs no inline script)."""
    return Response(content=_DOCS_INIT, media_type="text/javascript")


async def _check_schema(app: Litestar) -> None:
    """Refuse to start on a database that is reachable but not migrated to this release."""
    database: Database = app.state.services.database
    try:
        await migrate.require_head(database)
    except StoreUnavailable as exc:
        _LOG.warning("database %s unreachable at start-up (%s); not ready", database.shown_url, exc)


async def _start_worker(app: Litestar) -> None:
    """Start this process's batch worker and webhook deliverer (both wait out a database outage)."""
    runner = app.state.services.runner
    if runner is not None:
        app.state.worker = asyncio.create_task(runner.run(), name="batna-batch-worker")
    deliverer = app.state.services.deliverer
    if deliverer is not None:
        app.state.deliverer = asyncio.create_task(deliverer.run(), name="batna-webhooks")


def _prestart(app: Litestar) -> None:
    """Spawn the child processes of ``Offload`` now rather than on the first request."""
    app.state.services.offload.start()


async def _close(app: Litestar) -> None:
    """Stop the background loops between statements, then close what they used.

    Each loop is asked to stop and given the database timeout to finish what it holds;
    only one that overruns is cancelled (its lease hands the work over).
    """
    services = app.state.services
    loops = {"worker": services.runner, "deliverer": services.deliverer}
    for name, loop in loops.items():
        task: asyncio.Task[None] | None = getattr(app.state, name, None)
        if task is None or loop is None:
            continue
        loop.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), services.database.timeout)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    app.state.services.offload.close()
    await app.state.services.limiter.close()
    await app.state.services.database.dispose()
    forget_this_process(app.state.services.settings.metrics_dir)


def _cors(settings: Settings) -> CORSConfig | None:
    """CORS only for the origins configured (none by default: browsers get no access)."""
    if not settings.cors_origins:
        return None
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
        expose_headers=[
            "Location",
            "Idempotent-Replayed",
            "X-Request-ID",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        ],
        max_age=600,
    )


def create_app(
    settings: Settings, rulesets: Rulesets | None = None, *, prestart: bool = False
) -> Litestar:
    """Build the app; loads and compiles the rulesets unless they are passed in.

    ``prestart``: spawn the what-if and ``:batch`` children as the app starts (a server
    process does; a test's app spawns them only if it needs them).
    """
    rulesets = rulesets or Rulesets.load(
        settings.rules_dir, settings.candidate_bundles, settings.ruleset
    )
    engine = rulesets.default
    app = Litestar(
        route_handlers=[
            v1,
            healthz,
            readyz,
            metrics,
            openapi_json,
            docs,
            docs_init,
            create_static_files_router(
                path="/docs/assets",
                directories=[Path(swagger_ui_bundle.swagger_ui_path)],
                include_in_schema=False,
            ),
        ],
        exception_handlers={
            BatnaError: handle_batna_error,
            HTTPException: handle_http_error,
            Exception: handle_unexpected,
        },
        cors_config=_cors(settings),
        on_startup=[_check_schema, _start_worker, *([_prestart] if prestart else [])],
        on_shutdown=[_close],
        openapi_config=None,
        logging_config=None,  # batna's JSON logging (telemetry.configure_logging) stays
        request_max_body_size=max(
            settings.max_body_bytes, settings.max_batch_body_bytes, settings.batch_max_bytes
        ),
    )
    # Outermost: sees 404s and problems too, sets security headers, bounds request time.
    app.asgi_handler = Observability(app.asgi_handler, timeout=settings.request_timeout)
    app.state.metrics = metrics_registry(settings.metrics_dir)
    database = Database(settings.database_url, timeout=settings.database_timeout)
    batches = BatchStore(database)
    impacts = ImpactStore(database)
    webhooks = WebhookStore(database, settings.key_pepper)
    runner = deliverer = None
    if settings.batch_worker:
        lease = timedelta(seconds=settings.batch_lease_seconds)
        runner = BatchRunner(
            batches,
            rulesets,
            lease=lease,
            intake_timeout=timedelta(seconds=settings.intake_timeout_seconds),
            observe=record_evaluation,
            jobs=[ImpactJob(impacts, rulesets, lease)],
        )
        deliverer = Deliverer(
            webhooks,
            timeout=settings.webhook_timeout_seconds,
            max_attempts=settings.webhook_max_attempts,
            backoff_seconds=settings.webhook_backoff_seconds,
        )
    app.state.services = Services(
        rulesets=rulesets,
        settings=settings,
        database=database,
        records=EvaluationStore(database),
        keys=KeyStore(database, settings.key_pepper),
        batches=batches,
        impacts=impacts,
        runner=runner,
        limiter=limiter_for(
            settings.redis_url,
            timeout=settings.redis_timeout_ms / 1000,
            cooldown=settings.redis_cooldown_seconds,
        ),
        heavy=HeavySlots(settings.heavy_per_tenant),
        offload=Offload(settings),
        webhooks=webhooks,
        deliverer=deliverer,
    )
    cases = Path(engine.bundle.root) / engine.ruleset.name / "cases"
    rules = conditional_rules(engine.ruleset.settings.amount_caps)
    app.state.openapi = json.dumps(build_document(app, cases, rules), indent=2).encode() + b"\n"
    return app
