"""What handlers share: the loaded rulesets, settings and the store, set once by ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from litestar import Request

    from batna.api.fairness import HeavySlots
    from batna.api.limits import Limiter
    from batna.api.offload import Offload
    from batna.batch.runner import BatchRunner
    from batna.config import Settings
    from batna.engine import Rulesets
    from batna.store import (
        BatchStore,
        Database,
        EvaluationStore,
        ImpactStore,
        KeyStore,
        WebhookStore,
    )
    from batna.webhooks import Deliverer

__all__ = ["Services", "services"]


class Services(msgspec.Struct, frozen=True, kw_only=True):
    """The app's long-lived objects.

    Attributes:
        rulesets: Every loaded ruleset version, compiled once per process; ``default``
            is the active bundle's.
        settings: Configuration read once at start-up.
        database: The connection pool (SQLite file or PostgreSQL).
        records: Evaluation records, scoped by tenant.
        keys: Tenants and API keys.
        batches: Batch jobs, their rows and chunks.
        impacts: Impact analyses, their chunks and changes; stored decisions to replay.
        runner: This process's chunk worker (None when ``BATNA_BATCH_WORKER=false``).
        limiter: Token buckets (in-process, or Redis when configured).
        heavy: Per-tenant slots for costly requests (what-if, ``:batch``).
        offload: The child processes that run those requests.
        webhooks: Webhook endpoints and their delivery log.
        deliverer: This process's webhook deliverer (None when ``BATNA_BATCH_WORKER=false``).
    """

    rulesets: Rulesets
    settings: Settings
    database: Database
    records: EvaluationStore
    keys: KeyStore
    batches: BatchStore
    impacts: ImpactStore
    runner: BatchRunner | None
    limiter: Limiter
    heavy: HeavySlots
    offload: Offload
    webhooks: WebhookStore
    deliverer: Deliverer | None


def services(request: Request[Any, Any, Any]) -> Services:
    """The services of the app serving ``request``."""
    found: Services = request.app.state.services
    return found
