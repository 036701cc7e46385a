"""Tenants and API keys: making, revoking and verifying keys (HMAC-SHA256 under a pepper).

Split from the evaluation records (``batna.store.repository``): keys have their own
tables, hashing and timing concerns, and the API reads them on every request.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import string
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import msgspec
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from batna.errors import NotFound, StoreUnavailable, Unauthorized
from batna.schemas.records import Principal
from batna.store.database import bind_utc
from batna.store.ids import new_id
from batna.store.pepper import Pepper
from batna.store.tables import api_keys, tenants

if TYPE_CHECKING:
    from batna.store.database import Database

__all__ = ["HMAC_SCHEME", "KeyStore", "NewKey", "refused"]

_TOKEN_PREFIX: Final = "batna"  # noqa: S105 - a token's fixed prefix, not a secret
# Built once: it runs on every request that authenticates at the database, and building
# a Core statement costs more than SQLite takes to answer it.
_LIVE_KEY: Final = (
    select(
        api_keys.c.secret_hash,
        api_keys.c.salt,
        api_keys.c.scheme,
        api_keys.c.pepper_id,
        tenants.c.id,
        tenants.c.name,
        tenants.c.ruleset,
    )
    .join(tenants, tenants.c.id == api_keys.c.tenant_id)
    .where(api_keys.c.id == bindparam("key_id"), api_keys.c.revoked_at.is_(None))
)


class NewKey(msgspec.Struct, frozen=True, kw_only=True):
    """A freshly made API key: the only time its secret exists outside the caller.

    Attributes:
        token: The whole bearer token (``batna_<key id>_<secret>``); shown once.
        key_id: The public part, for listing and revoking.
        tenant: The tenant it belongs to.
    """

    token: str
    key_id: str
    tenant: str


HMAC_SCHEME: Final = "hmac-sha256"
_LOG: Final = logging.getLogger("batna.store")


def refused() -> Unauthorized:
    """The one 401 for a key that is missing, malformed, unknown or revoked (never which)."""
    return Unauthorized("The API key is missing, malformed, unknown or revoked.")


# Keys this process authenticated lately, for the routes whose store confirms the key in
# the transaction it writes anyway (``Principal.confirmed``). Entries are short-lived so
# that a tenant's new default ruleset is seen within seconds; a revoked key is refused
# by that transaction at once, whatever the cache holds.
_CACHE_SECONDS: Final = 5.0
_CACHE_LIMIT: Final = 10_000


def _sha256(secret: str) -> bytes:
    """How migration 0001 kept a secret (verified once more, then rewritten)."""
    return hashlib.sha256(secret.encode()).digest()


def _scrypt(secret: str, salt: bytes) -> bytes:
    """How migration 0003 kept a secret (verified once more, then rewritten)."""
    return hashlib.scrypt(secret.encode(), salt=salt, n=1 << 14, r=8, p=1, dklen=32)


def _mac(pepper: bytes, key_id: str, secret: str) -> bytes:
    """HMAC-SHA256 of the key id and secret under the server's pepper."""
    return hmac.new(pepper, f"{key_id}.{secret}".encode(), hashlib.sha256).digest()


class KeyStore:
    """Tenants and their API keys; a secret is kept only as its HMAC under a pepper.

    A token carries 256 random bits, so a fast keyed hash is enough: nothing can be
    guessed, and without the pepper (``BATNA_KEY_PEPPER``, never in the database) a
    leaked table cannot even be checked against. Every attempt does the same work
    whether or not its key id exists: one HMAC and one constant-time comparison, against
    a dummy digest for an unknown id. The row is read on every request (no cache), so a
    revocation takes effect at once. Keys hashed the older ways (SHA-256 before migration
    0003, salted scrypt after) are verified that way once more, then rewritten as HMACs.
    """

    def __init__(self, database: Database, pepper: str | None = None) -> None:
        self._db = database
        self._pepper = Pepper(pepper, database.url)
        self._dummy = secrets.token_bytes(32)
        self._cache: dict[bytes, tuple[Principal, float]] = {}

    async def create(self, tenant: str, *, label: str | None = None) -> NewKey:
        """A new key for ``tenant`` (created if new)."""
        pepper = self._pepper.value()
        tenant_id = await self._tenant_id(tenant, create=True)
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        async with self._db.begin() as connection:
            await connection.execute(
                insert(api_keys).values(
                    id=key_id,
                    tenant_id=tenant_id,
                    secret_hash=_mac(pepper, key_id, secret),
                    salt=None,
                    scheme=HMAC_SCHEME,
                    pepper_id=self._pepper.fingerprint(),
                    label=label,
                    created_at=bind_utc(datetime.now(UTC)),
                )
            )
        return NewKey(token=f"{_TOKEN_PREFIX}_{key_id}_{secret}", key_id=key_id, tenant=tenant)

    async def has_keys(self, tenant: str) -> bool:
        """True when ``tenant`` exists and has a key that is not revoked."""
        query = (
            select(func.count())
            .select_from(api_keys.join(tenants, tenants.c.id == api_keys.c.tenant_id))
            .where(tenants.c.name == tenant, api_keys.c.revoked_at.is_(None))
        )
        async with self._db.begin() as connection:
            return int((await connection.execute(query)).scalar_one()) > 0

    async def revoke(self, key_id: str) -> bool:
        """Revoke a key at once; False if there is no such live key."""
        async with self._db.begin() as connection:
            done = await connection.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=bind_utc(datetime.now(UTC)))
            )
        return done.rowcount == 1

    async def set_ruleset(self, tenant: str, ruleset: str | None) -> None:
        """Make ``ruleset`` (``name@version``; None: the server's) the tenant's default.

        The caller checks that the version is loaded; every request's key lookup reads it.

        Raises:
            NotFound: No such tenant.
        """
        async with self._db.begin() as connection:
            done = await connection.execute(
                update(tenants).where(tenants.c.name == tenant).values(ruleset=ruleset)
            )
        if done.rowcount != 1:
            raise NotFound(f"No tenant {tenant!r}.")

    async def authenticate_cached(self, token: str) -> Principal:
        """``authenticate``, answered from this process's cache when it can be.

        A cached answer has ``confirmed=False``: the caller's store must confirm the key
        in its own transaction (``EvaluationStore.record`` does). Failures are never cached.
        """
        digest = hashlib.sha256(token.encode()).digest()
        now = time.monotonic()
        hit = self._cache.get(digest)
        if hit is not None and hit[1] > now:
            return hit[0]
        found = await self.authenticate(token)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[digest] = (
            msgspec.structs.replace(found, confirmed=False),
            now + _CACHE_SECONDS,
        )
        return found

    async def authenticate(self, token: str) -> Principal:
        """The tenant a bearer token belongs to.

        Raises:
            Unauthorized: Malformed, unknown or revoked (one message for all three).
        """
        prefix, _, rest = token.partition("_")
        key_id, _, secret = rest.partition("_")
        refusal = refused()
        well_formed = (
            prefix == _TOKEN_PREFIX
            and 0 < len(key_id) <= 32
            and all(c in string.hexdigits for c in key_id)
            and 0 < len(secret) <= 128
        )
        if not well_formed:
            raise refusal
        pepper = self._pepper.value()
        row = await self._db.transact(
            lambda connection: connection.execute(_LIVE_KEY, {"key_id": key_id}).first()
        )
        # The same work for a known and an unknown id: one HMAC, one constant-time compare.
        presented = _mac(pepper, key_id, secret)
        known = row is not None and row.scheme == HMAC_SCHEME
        expected: bytes = row.secret_hash if row is not None and known else self._dummy
        matched = hmac.compare_digest(expected, presented)
        if row is None:
            raise refusal
        if not known:
            matched = await self._legacy_matches(key_id, secret, row, presented)
        elif not matched and row.pepper_id != self._pepper.fingerprint():
            _LOG.warning(
                "API key %s was hashed under another pepper than %s's; "
                "it cannot verify until that pepper is restored",
                key_id,
                self._pepper.source,
            )
        if not matched:
            raise refusal
        return Principal(tenant_id=row.id, tenant=row.name, key_id=key_id, ruleset=row.ruleset)

    async def _legacy_matches(
        self,
        key_id: str,
        secret: str,
        row: Any,  # noqa: ANN401 - a Row
        presented: bytes,
    ) -> bool:
        """Verify a key hashed before migration 0004; on success, rewrite it as an HMAC."""
        stored: bytes = row.secret_hash
        if row.scheme == "scrypt":
            matched = hmac.compare_digest(
                stored, await asyncio.to_thread(_scrypt, secret, row.salt)
            )
        else:
            matched = hmac.compare_digest(stored, _sha256(secret))
        if not matched:
            return False
        try:
            async with self._db.begin() as connection:
                await connection.execute(
                    update(api_keys)
                    .where(
                        api_keys.c.id == key_id,
                        api_keys.c.scheme == row.scheme,
                        api_keys.c.secret_hash == stored,
                    )
                    .values(
                        secret_hash=presented,
                        salt=None,
                        scheme=HMAC_SCHEME,
                        pepper_id=self._pepper.fingerprint(),
                    )
                )
        except StoreUnavailable:  # verified all the same; rewritten on a later use
            _LOG.warning("API key %s could not be rewritten as an HMAC yet", key_id)
        return True

    async def _tenant_id(self, name: str, *, create: bool) -> str:
        query = select(tenants.c.id).where(tenants.c.name == name)
        async with self._db.begin() as connection:
            found = (await connection.execute(query)).scalar_one_or_none()
        if found is not None or not create:
            if found is None:
                raise NotFound(f"No tenant {name!r}.")
            return str(found)
        tenant_id = new_id()
        try:
            async with self._db.begin() as connection:
                await connection.execute(
                    insert(tenants).values(
                        id=tenant_id, name=name, created_at=bind_utc(datetime.now(UTC))
                    )
                )
        except IntegrityError:  # created concurrently: use that one
            return await self._tenant_id(name, create=False)
        return tenant_id
