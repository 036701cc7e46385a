"""Abuse limits: per-key rate limits (in-process and Redis), failed-login bursts, key
rotation and revocation, security headers, CORS, and the request time bound."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from batna.api import create_app
from batna.engine import Engine, Rulesets
from batna.store import Database, KeyStore
from tests.conftest import KEY_PEPPER, new_key
from tests.contract.conftest import settings_for

PROBLEM = "application/problem+json"
REDIS = "redis://127.0.0.1:6379/0"


def _app(engine: Engine, database_url: str, **env: str) -> Litestar:
    return create_app(settings_for(database_url, **env), Rulesets(engine))


def _key(database_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_key(database_url, f'h-{uuid.uuid4().hex[:12]}')}"}


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "redis"])
def test_a_key_over_its_rate_gets_429_with_retry_after(
    engine: Engine, database_url: str, shared: bool
) -> None:
    env = {"BATNA_RATE_LIMIT": "1", "BATNA_RATE_BURST": "3"}
    if shared:
        env["BATNA_REDIS_URL"] = REDIS
    key, other = _key(database_url), _key(database_url)
    with TestClient(_app(engine, database_url, **env)) as client:
        remaining = []
        for _ in range(3):
            response = client.get("/v1/rulesets", headers=key)
            assert response.status_code == 200
            assert response.headers["ratelimit-limit"] == "3"
            remaining.append(int(response.headers["ratelimit-remaining"]))
        assert remaining == [2, 1, 0]
        refused = client.get("/v1/rulesets", headers=key)
        assert refused.status_code == 429
        assert refused.headers["content-type"] == PROBLEM
        assert refused.json()["error"] == "RATE_LIMITED"
        assert int(refused.headers["retry-after"]) >= 1
        assert client.get("/v1/rulesets", headers=other).status_code == 200  # its own bucket


def test_replicas_share_one_bucket_through_redis(engine: Engine, database_url: str) -> None:
    env = {"BATNA_RATE_LIMIT": "1", "BATNA_RATE_BURST": "4", "BATNA_REDIS_URL": REDIS}
    key = _key(database_url)
    with (
        TestClient(_app(engine, database_url, **env)) as one,
        TestClient(_app(engine, database_url, **env)) as two,
    ):
        statuses = [c.get("/v1/rulesets", headers=key).status_code for c in (one, two) * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_failed_logins_from_one_address_are_slowed_but_good_keys_still_work(
    engine: Engine, database_url: str
) -> None:
    key = _key(database_url)
    with TestClient(_app(engine, database_url, BATNA_AUTH_FAILURE_LIMIT="3")) as client:
        bad = {"Authorization": "Bearer batna_0123456789abcdef_wrong"}
        statuses = [client.get("/v1/rulesets", headers=bad).status_code for _ in range(5)]
        assert statuses == [401, 401, 401, 429, 429]
        assert client.get("/v1/rulesets", headers=key).status_code == 200


def test_two_live_keys_per_tenant_and_revocation_at_once(
    client: TestClient[Litestar], database_url: str
) -> None:
    tenant = f"rot-{uuid.uuid4().hex[:12]}"

    async def make() -> tuple[str, str, str]:
        database = Database(database_url)
        try:
            store = KeyStore(database, KEY_PEPPER)
            old, new = await store.create(tenant), await store.create(tenant)
            return old.token, new.token, old.key_id
        finally:
            await database.dispose()

    old, new, old_id = asyncio.run(make())
    for token in (old, new):
        assert (
            client.get("/v1/evaluations", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )

    async def revoke() -> bool:
        database = Database(database_url)
        try:
            return await KeyStore(database, KEY_PEPPER).revoke(old_id)
        finally:
            await database.dispose()

    assert asyncio.run(revoke())
    assert (
        client.get("/v1/evaluations", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    )
    assert (
        client.get("/v1/evaluations", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    )


def test_keys_are_stored_as_peppered_hmacs(database_url: str) -> None:
    token = new_key(database_url, f"hash-{uuid.uuid4().hex[:8]}")
    key_id, secret = token.split("_", 2)[1:]

    async def row() -> tuple[bytes, bytes | None, str, str]:
        from sqlalchemy import text

        database = Database(database_url)
        try:
            async with database.begin() as connection:
                found = await connection.execute(
                    text("SELECT secret_hash, salt, scheme, pepper_id FROM api_keys WHERE id = :i"),
                    {"i": key_id},
                )
                return tuple(found.one())  # type: ignore[return-value]
        finally:
            await database.dispose()

    stored, salt, scheme, pepper_id = asyncio.run(row())
    assert scheme == "hmac-sha256"
    assert salt is None
    assert secret.encode() not in stored
    import hashlib
    import hmac

    assert stored != hashlib.sha256(secret.encode()).digest()
    assert stored == hmac.digest(KEY_PEPPER.encode(), f"{key_id}.{secret}".encode(), "sha256")
    label = b"batna api key pepper fingerprint"
    assert pepper_id == hmac.new(KEY_PEPPER.encode(), label, "sha256").hexdigest()[:16]


def test_security_headers_on_every_response(client: TestClient[Litestar]) -> None:
    for url, status in (("/v1/rulesets", 200), ("/v1/nowhere", 404), ("/healthz", 200)):
        response = client.get(url)
        assert response.status_code == status
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert client.get("/v1/rulesets").headers["cache-control"] == "no-store"
    unauthenticated = client.get("/v1/rulesets", headers={"Authorization": ""})
    assert unauthenticated.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert docs.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in docs.headers  # Swagger UI runs its own script


def test_cors_is_off_unless_configured(engine: Engine, database_url: str) -> None:
    origin = {"Origin": "https://hris.example", "Access-Control-Request-Method": "POST"}
    with TestClient(_app(engine, database_url)) as closed:
        answer = closed.options("/v1/evaluations", headers=origin)
        assert "access-control-allow-origin" not in answer.headers
    with TestClient(
        _app(engine, database_url, BATNA_CORS_ORIGINS="https://hris.example")
    ) as opened:
        allowed = opened.options("/v1/evaluations", headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://hris.example"
        other = opened.options(
            "/v1/evaluations", headers={**origin, "Origin": "https://evil.example"}
        )
        assert other.headers.get("access-control-allow-origin") != "https://evil.example"


def test_a_request_over_the_time_bound_is_a_503_problem(engine: Engine, database_url: str) -> None:
    app = _app(engine, database_url, BATNA_REQUEST_TIMEOUT="1")

    @get("/test-only/slow")
    async def slow() -> None:
        await asyncio.sleep(5)

    app.register(slow)
    with TestClient(app) as client:
        response = client.get("/test-only/slow")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["error"] == "TIMEOUT"
    assert response.headers["retry-after"] == "5"
    assert response.headers["x-request-id"]
