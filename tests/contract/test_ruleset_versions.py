"""?ruleset= and a tenant's default: the chosen version judges, and the record names it."""

from __future__ import annotations

import json
import random
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from batna.api import create_app
from batna.cli import main
from batna.engine import Rulesets
from tests.candidates import CANDIDATE, candidate_bundle
from tests.conftest import RULES, new_key
from tests.contract.conftest import settings_for
from tests.situations import random_situation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

ACTIVE = "negotiation@1.1.0"
CHANGED = 7  # LEV-006 fires at a 20 % premium, not at 50 %: proceed_with_changes vs do_not_leverage


def _situation() -> dict[str, Any]:
    return json.loads(json.dumps(random_situation(random.Random(CHANGED)), default=str))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> dict[str, str]:
    candidate = candidate_bundle(tmp_path_factory.mktemp("cand") / "rules")
    return {"BATNA_CANDIDATE_BUNDLES": str(candidate), "BATNA_DATABASE_URL": database_url}


@pytest.fixture(scope="module")
def client(env: dict[str, str], database_url: str) -> Iterator[TestClient[Litestar]]:
    settings = settings_for(database_url, BATNA_CANDIDATE_BUNDLES=env["BATNA_CANDIDATE_BUNDLES"])
    rulesets = Rulesets.load(RULES, settings.candidate_bundles)
    with TestClient(create_app(settings, rulesets)) as test_client:
        yield test_client
    rulesets.close()


def _as(tenant: str, database_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_key(database_url, tenant)}"}


def test_rulesets_lists_every_loaded_version(
    client: TestClient[Litestar], database_url: str
) -> None:
    listing = client.get("/v1/rulesets", headers=_as("v-list", database_url)).json()["rulesets"]
    assert [(r["ref"], r["default"]) for r in listing] == [(ACTIVE, True), (CANDIDATE, False)]
    assert listing[0]["revision"] != listing[1]["revision"]
    auth = _as("v-list", database_url)
    detail = client.get(f"/v1/rulesets/{CANDIDATE}", headers=auth).json()
    assert (detail["version"], detail["default"]) == ("1.1.1", False)
    assert client.get("/v1/rulesets/negotiation", headers=auth).json()["ref"] == ACTIVE
    assert client.get("/v1/rulesets/negotiation@0.0.1", headers=auth).status_code == 404


def test_each_route_honours_ruleset(client: TestClient[Litestar], database_url: str) -> None:
    auth = _as("v-routes", database_url)
    body = _situation()
    active = client.post("/v1/evaluations", json=body, headers=auth)
    chosen = client.post(f"/v1/evaluations?ruleset={CANDIDATE}", json=body, headers=auth)
    assert active.status_code == chosen.status_code == 201
    assert active.json()["overall_recommendation"] == "proceed_with_changes"
    assert chosen.json()["overall_recommendation"] == "do_not_leverage"
    assert chosen.json()["ruleset"]["version"] == "1.1.1"
    stored = client.get(chosen.headers["location"], headers=auth).json()
    assert stored["ruleset"]["version"] == "1.1.1"
    assert stored["ruleset"]["revision"] == chosen.json()["ruleset"]["revision"]
    batch = client.post(
        f"/v1/evaluations:batch?ruleset={CANDIDATE}", json={"situations": [body]}, headers=auth
    ).json()
    assert batch["results"][0]["evaluation"]["ruleset"]["version"] == "1.1.1"
    assert batch["results"][0]["evaluation"]["overall_recommendation"] == "do_not_leverage"
    what_if = client.post(f"/v1/evaluations:what-if?ruleset={CANDIDATE}", json=body, headers=auth)
    assert what_if.status_code == 200
    assert what_if.json()["evaluation"]["ruleset"]["version"] == "1.1.1"


def test_unknown_ruleset_is_a_422_naming_the_parameter(
    client: TestClient[Litestar], database_url: str
) -> None:
    auth = _as("v-bad", database_url)
    for route in ("/v1/evaluations", "/v1/evaluations:batch", "/v1/evaluations:what-if"):
        response = client.post(f"{route}?ruleset=negotiation@9.9.9", json={}, headers=auth)
        assert response.status_code == 422, route
        problem = response.json()
        assert problem["error"] == "UNKNOWN_RULESET"
        assert problem["details"][0]["path"] == "/query/ruleset"
        assert CANDIDATE in problem["details"][0]["message"]
        assert ACTIVE in problem["details"][0]["message"]
    # Another shape than the contract's pattern is refused before any lookup.
    for malformed in ("Negotiation", "negotiation@1.1", "0"):
        response = client.post(f"/v1/evaluations?ruleset={malformed}", json={}, headers=auth)
        assert response.status_code == 422, malformed
        issue = response.json()["details"][0]
        assert (issue["code"], issue["path"]) == ("INVALID_PARAMETER", "/query/ruleset")
    upload = client.post(
        "/v1/batches?ruleset=nope",
        content=b"{}\n",
        headers={**auth, "Content-Type": "application/x-ndjson"},
    )
    assert upload.status_code == 422
    assert upload.json()["details"][0]["path"] == "/query/ruleset"


def test_tenant_default_then_explicit_wins(
    client: TestClient[Litestar], database_url: str, env: dict[str, str], monkeypatch: Any
) -> None:
    auth = _as("v-tenant", database_url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BATNA_RULES_DIR", str(RULES))
    assert main(["tenants", "set-ruleset", "v-tenant", "negotiation@7.0.0"]) == 2
    assert main(["tenants", "set-ruleset", "no-such-tenant", CANDIDATE]) == 2
    assert main(["tenants", "set-ruleset", "v-tenant", CANDIDATE]) == 0
    body = _situation()
    default = client.post("/v1/evaluations", json=body, headers=auth).json()
    assert default["ruleset"]["version"] == "1.1.1"
    explicit = client.post(f"/v1/evaluations?ruleset={ACTIVE}", json=body, headers=auth).json()
    assert explicit["ruleset"]["version"] == "1.1.0"
    other = client.post("/v1/evaluations", json=body, headers=_as("v-other", database_url))
    assert other.json()["ruleset"]["version"] == "1.1.0"  # another tenant keeps the server's
