"""Stored decisions for the impact tests and the benchmark, made fast with bulk inserts.

Each record is what ``POST /v1/evaluations`` would have stored: a random valid situation
(``tests.situations``) evaluated in-process by the active rules as of the record's day,
kept by ``batna.api.audit.new_record`` (gender removed). ``unique`` situations are drawn
and reused round-robin over ``count`` records, so seeding 100,000 costs a few thousand
evaluations; every ``skip_every``-th record keeps no situation.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import insert, select

from batna.api.audit import new_record
from batna.schemas.jsonout import ENCODER
from batna.store import Database, KeyStore, new_id
from batna.store.tables import evaluation_rules, evaluations, tenants
from tests.conftest import KEY_PEPPER
from tests.situations import random_situation

if TYPE_CHECKING:
    from batna.engine import Engine

__all__ = ["DAYS", "seed_decisions"]

DAYS = (dt.date(2025, 3, 1), dt.date(2025, 3, 3), dt.date(2025, 3, 10))


def _rows(
    engine: Engine,
    tenant_id: str,
    indices: range,
    situations: list[Any],
    cache: dict[tuple[int, dt.date], Any],
    skip_every: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    unique = len(situations)
    records: list[dict[str, Any]] = []
    fired: list[dict[str, Any]] = []
    for i in indices:
        which, day = i % unique, DAYS[(i // unique) % len(DAYS)]
        key = (which, day)
        if key not in cache:
            cache[key] = engine.evaluate(situations[which], today=day)
        evaluation = msgspec.structs.replace(cache[key], id=new_id())
        body = ENCODER.encode(evaluation)
        record = new_record(
            situations[which], evaluation, body, store_situation=skip_every == 0 or i % skip_every
        )
        created = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(seconds=i)
        records.append(
            {
                "id": record.id,
                "tenant_id": tenant_id,
                "created_at": created,
                "ruleset_name": record.ruleset.name,
                "ruleset_version": record.ruleset.version,
                "ruleset_revision": record.ruleset.revision,
                "overall_recommendation": record.overall_recommendation,
                "leverage_strength": record.scores.leverage_strength,
                "relationship_risk": record.scores.relationship_risk,
                "readiness": record.scores.readiness,
                "fired_rules": " ".join(record.fired_rule_ids),
                "situation_stored": record.situation is not None,
                "situation_sha256": record.situation_sha256,
                "situation": None if record.situation is None else record.situation.decode(),
                "evaluation": record.evaluation.decode(),
            }
        )
        fired += [
            {"evaluation_id": record.id, "rule_id": rule}
            for rule in sorted(set(record.fired_rule_ids))
        ]
    return records, fired


def seed_decisions(
    url: str,
    tenant: str,
    count: int,
    engine: Engine,
    *,
    unique: int = 400,
    seed: int = 18,
    skip_every: int = 10,
) -> list[str]:
    """Store ``count`` decisions for ``tenant`` (created with a key if new); their ids."""

    async def run() -> list[str]:
        database = Database(url)
        try:
            await KeyStore(database, KEY_PEPPER).create(tenant)
            async with database.begin() as connection:
                query = select(tenants.c.id).where(tenants.c.name == tenant)
                tenant_id = (await connection.execute(query)).scalar_one()
            rng = random.Random(seed)
            situations = [engine.parse(random_situation(rng)) for _ in range(unique)]
            cache: dict[tuple[int, dt.date], Any] = {}
            ids: list[str] = []
            for start in range(0, count, 5000):
                indices = range(start, min(start + 5000, count))
                records, fired = _rows(engine, tenant_id, indices, situations, cache, skip_every)
                async with database.begin() as connection:
                    await connection.execute(insert(evaluations), records)
                    await connection.execute(insert(evaluation_rules), fired)
                ids += [r["id"] for r in records]
            return ids
        finally:
            await database.dispose()

    return asyncio.run(run())
