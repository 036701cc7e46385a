"""HTTP fixtures: the app in-process, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api import create_app
from batna.config import Settings
from batna.engine import Engine, Rulesets
from tests.conftest import KEY_PEPPER, RULES
from tests.servers import UNLIMITED, serve


def settings_for(database_url: str, **extra: str) -> Settings:
    return Settings.from_env(
        {
            "BATNA_RULES_DIR": str(RULES),
            "BATNA_DATABASE_URL": database_url,
            "BATNA_KEY_PEPPER": KEY_PEPPER,
            **UNLIMITED,
            **extra,
        }
    )


@pytest.fixture(scope="session")
def app(engine: Engine, database_url: str) -> Litestar:
    return create_app(settings_for(database_url), Rulesets(engine))


@pytest.fixture(scope="session")
def client(app: Litestar, api_key: str) -> Iterator[TestClient[Litestar]]:
    """The app in-process, calling with a tenant's key."""
    with TestClient(app) as test_client:
        test_client.headers["Authorization"] = f"Bearer {api_key}"
        yield test_client


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[str]:
    """``batna serve`` in a subprocess on the worker's database, as an operator starts it."""
    with serve(tmp_path_factory.mktemp("server") / "server.log", database_url) as server:
        yield server.base


@pytest.fixture(scope="session")
def auth(api_key: str) -> dict[str, str]:
    """Headers that authenticate as the worker's test tenant."""
    return {"Authorization": f"Bearer {api_key}"}
