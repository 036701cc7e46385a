"""Shared fixtures: the rule bundle, one compiled engine and one migrated database per worker."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from batna.engine import Engine
from batna.store import Database, KeyStore, migrate

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
CASES = RULES / "negotiation" / "cases"
# API keys are HMACs under a server-side pepper, which PostgreSQL needs configured. One
# pepper for the whole run: set here, so every server started as a subprocess inherits it.
KEY_PEPPER = os.environ.setdefault("BATNA_KEY_PEPPER", "tests-pepper-" + "5e" * 16)


def load_case(name: str) -> dict[str, Any]:
    """A golden case by id (``TC-04``), numbers as Decimal like the decoder gives them."""
    return json.loads((CASES / f"{name}.json").read_text(), parse_float=Decimal)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_path(RULES)


# --- the audit store: every test run picks one database (make test runs both) ---------

PG_ADMIN_URL = os.environ.get(
    "BATNA_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def database_kind() -> str:
    """``sqlite`` or ``postgresql``: the database this run uses (``BATNA_TEST_DB``)."""
    kind = os.environ.get("BATNA_TEST_DB", "sqlite")
    if kind not in ("sqlite", "postgresql"):
        raise ValueError(f"BATNA_TEST_DB must be sqlite or postgresql, not {kind!r}")
    return kind


def _pg_admin(statement: str) -> None:
    """Run one statement on the PostgreSQL server in autocommit (CREATE/DROP DATABASE)."""

    async def run() -> None:
        engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())


@contextmanager
def fresh_database(tmp_path: Path, name: str) -> Iterator[str]:
    """A new, empty database of this run's kind; dropped afterwards."""
    if database_kind() == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / name}.db"
        return
    database = f"batna_{name}_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{database}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated database per test worker (SQLite file or PostgreSQL database)."""
    with fresh_database(tmp_path_factory.mktemp("db"), "session") as url:
        migrate.upgrade(url)
        yield url


def sql(url: str, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of one statement, run straight against the database (none for a write)."""

    async def run() -> list[tuple[Any, ...]]:
        database = Database(url)
        try:
            async with database.begin() as connection:
                result = await connection.execute(text(statement), params)
                return [tuple(row) for row in result.all()] if result.returns_rows else []
        finally:
            await database.dispose()

    return asyncio.run(run())


def new_key(database_url: str, tenant: str) -> str:
    """A fresh API key for ``tenant`` (created if new), made the way the CLI makes them."""

    async def run() -> str:
        database = Database(database_url)
        try:
            return (await KeyStore(database, KEY_PEPPER).create(tenant)).token
        finally:
            await database.dispose()

    return asyncio.run(run())


@pytest.fixture(scope="session")
def api_key(database_url: str) -> str:
    """A key of tenant ``tests-<worker>``."""
    return new_key(database_url, f"tests-{uuid.uuid4().hex[:8]}")
