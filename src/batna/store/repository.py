"""Reading and writing the audit store; every query is scoped by tenant.

A record and its idempotency key are written in one transaction, so concurrent requests
with the same key leave exactly one record: the losers hit the key's primary key, roll
back, and answer with the winner's stored response.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import msgspec
from sqlalchemy import and_, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from batna.errors import IdempotencyKeyReused, NotFound, StoreUnavailable, Unauthorized
from batna.schemas.evaluation import Evaluation, RulesetRef, Scores
from batna.schemas.records import (
    EvaluationPage,
    EvaluationQuery,
    EvaluationRecord,
    EvaluationSummary,
    NewRecord,
    Principal,
    Stored,
)
from batna.schemas.situation import Situation
from batna.store.ids import new_id
from batna.store.pepper import Pepper
from batna.store.tables import api_keys, evaluation_rules, evaluations, idempotency_keys, tenants

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncConnection

    from batna.store.database import Database

__all__ = ["HMAC_SCHEME", "IDEMPOTENCY_WINDOW", "EvaluationStore", "KeyStore", "NewKey"]

IDEMPOTENCY_WINDOW: Final = timedelta(hours=24)
_TOKEN_PREFIX: Final = "batna"  # noqa: S105 - a token's fixed prefix, not a secret
_EVALUATION: Final = msgspec.json.Decoder(Evaluation)
_SITUATION: Final = msgspec.json.Decoder(Situation)


def _utc(moment: datetime) -> datetime:
    """A UTC instant to bind (SQLite keeps no offset, so every stored time is UTC)."""
    return moment.astimezone(UTC)


def _read(moment: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _ruleset(row: Row[tuple[object, ...]]) -> RulesetRef:
    return RulesetRef(
        name=row.ruleset_name, version=row.ruleset_version, revision=row.ruleset_revision
    )


class EvaluationStore:
    """Evaluation records of one database, always seen through one tenant."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def record(
        self, principal: Principal, new: NewRecord, idempotency: tuple[str, str] | None = None
    ) -> Stored:
        """Keep ``new``; with ``idempotency`` (key, request hash), at most once per key.

        Returns the stored response: ``new``'s, or the first one's when the key was used
        before with the same request within 24 hours.

        Raises:
            IdempotencyKeyReused: The key was used with a different request.
            StoreUnavailable: The database did not answer; nothing was reported stored.
        """
        if idempotency is not None:
            earlier = await self._replay(principal, *idempotency)
            if earlier is not None:
                return earlier
        try:
            async with self._db.begin() as connection:
                await self._insert(connection, principal, new, idempotency)
        except IntegrityError:
            if idempotency is None:
                raise
            earlier = await self._replay(principal, *idempotency)
            if earlier is None:
                raise
            return earlier
        return Stored(id=new.id, evaluation=new.evaluation)

    async def _insert(
        self,
        connection: AsyncConnection,
        principal: Principal,
        new: NewRecord,
        idempotency: tuple[str, str] | None,
    ) -> None:
        await connection.execute(
            insert(evaluations).values(
                id=new.id,
                tenant_id=principal.tenant_id,
                created_at=_utc(new.created_at),
                ruleset_name=new.ruleset.name,
                ruleset_version=new.ruleset.version,
                ruleset_revision=new.ruleset.revision,
                overall_recommendation=new.overall_recommendation,
                leverage_strength=new.scores.leverage_strength,
                relationship_risk=new.scores.relationship_risk,
                readiness=new.scores.readiness,
                fired_rules=" ".join(new.fired_rule_ids),
                situation_stored=new.situation is not None,
                situation_sha256=new.situation_sha256,
                situation=None if new.situation is None else new.situation.decode(),
                evaluation=new.evaluation.decode(),
            )
        )
        rule_ids = sorted(set(new.fired_rule_ids))
        if rule_ids:
            await connection.execute(
                insert(evaluation_rules),
                [{"evaluation_id": new.id, "rule_id": rule_id} for rule_id in rule_ids],
            )
        if idempotency is not None:
            key, request_sha256 = idempotency
            await connection.execute(
                insert(idempotency_keys).values(
                    tenant_id=principal.tenant_id,
                    key=key,
                    request_sha256=request_sha256,
                    evaluation_id=new.id,
                    created_at=_utc(new.created_at),
                )
            )

    async def _replay(self, principal: Principal, key: str, request_sha256: str) -> Stored | None:
        """The response first given for ``key``; None if unused or older than 24 hours."""
        query = (
            select(
                idempotency_keys.c.request_sha256,
                idempotency_keys.c.created_at,
                evaluations.c.id,
                evaluations.c.evaluation,
            )
            .join(evaluations, evaluations.c.id == idempotency_keys.c.evaluation_id)
            .where(
                idempotency_keys.c.tenant_id == principal.tenant_id,
                idempotency_keys.c.key == key,
            )
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
            if row is None:
                return None
            if _read(row.created_at) < datetime.now(UTC) - IDEMPOTENCY_WINDOW:
                await connection.execute(
                    delete(idempotency_keys).where(
                        idempotency_keys.c.tenant_id == principal.tenant_id,
                        idempotency_keys.c.key == key,
                    )
                )
                return None
        if not hmac.compare_digest(row.request_sha256, request_sha256):
            raise IdempotencyKeyReused(
                "This Idempotency-Key was first used with a different request; "
                "use a new key for a new request."
            )
        return Stored(id=row.id, evaluation=row.evaluation.encode(), replayed=True)

    async def get(self, principal: Principal, record_id: str) -> EvaluationRecord:
        """One record of the caller's tenant.

        Raises:
            NotFound: No such record for this tenant (whoever else may own the id).
        """
        query = select(evaluations).where(
            evaluations.c.tenant_id == principal.tenant_id, evaluations.c.id == record_id
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFound(f"No evaluation {record_id} for this API key's tenant.")
        return EvaluationRecord(
            id=row.id,
            created_at=_read(row.created_at),
            ruleset=_ruleset(row),
            situation_stored=row.situation_stored,
            situation_sha256=row.situation_sha256,
            situation=None if row.situation is None else _SITUATION.decode(row.situation),
            evaluation=_EVALUATION.decode(row.evaluation),
        )

    async def page(self, principal: Principal, query: EvaluationQuery) -> EvaluationPage:
        """Newest first, ``query.limit`` at a time; ``next_cursor`` continues after the last."""
        where = [evaluations.c.tenant_id == principal.tenant_id]
        if query.before_id is not None:
            where.append(evaluations.c.id < query.before_id)
        if query.recommendation is not None:
            where.append(evaluations.c.overall_recommendation == query.recommendation)
        if query.created_after is not None:
            where.append(evaluations.c.created_at >= _utc(query.created_after))
        if query.created_before is not None:
            where.append(evaluations.c.created_at < _utc(query.created_before))
        if query.rule is not None:
            where.append(
                exists().where(
                    evaluation_rules.c.evaluation_id == evaluations.c.id,
                    evaluation_rules.c.rule_id == query.rule,
                )
            )
        columns = [c for c in evaluations.c if c.name not in ("situation", "evaluation")]
        statement = (select(*columns).where(and_(*where)).order_by(evaluations.c.id.desc())).limit(
            query.limit + 1
        )
        async with self._db.begin() as connection:
            rows = (await connection.execute(statement)).all()
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = [
            EvaluationSummary(
                id=row.id,
                created_at=_read(row.created_at),
                ruleset=_ruleset(row),
                overall_recommendation=row.overall_recommendation,
                scores=Scores(
                    leverage_strength=row.leverage_strength,
                    relationship_risk=row.relationship_risk,
                    readiness=row.readiness,
                ),
                fired_rules=row.fired_rules.split(),
                situation_stored=row.situation_stored,
            )
            for row in rows
        ]
        return EvaluationPage(items=items, next_cursor=items[-1].id if more else None)

    async def delete(self, principal: Principal, record_id: str) -> None:
        """Erase one record of the caller's tenant, with its rule index and idempotency key.

        Raises:
            NotFound: No such record for this tenant.
        """
        async with self._db.begin() as connection:
            await connection.execute(
                delete(idempotency_keys).where(idempotency_keys.c.evaluation_id == record_id)
            )
            await connection.execute(
                delete(evaluation_rules).where(evaluation_rules.c.evaluation_id == record_id)
            )
            done = await connection.execute(
                delete(evaluations).where(
                    evaluations.c.tenant_id == principal.tenant_id, evaluations.c.id == record_id
                )
            )
            if done.rowcount != 1:
                # Another tenant's id: roll back the dependent deletes and say "not found".
                raise NotFound(f"No evaluation {record_id} for this API key's tenant.")

    async def purge(self, older_than: datetime) -> tuple[int, int]:
        """Delete records created before ``older_than`` and expired idempotency keys.

        Returns:
            The number of evaluations and of idempotency keys deleted.
        """
        cutoff = _utc(older_than)
        old = select(evaluations.c.id).where(evaluations.c.created_at < cutoff)
        expired = _utc(datetime.now(UTC) - IDEMPOTENCY_WINDOW)
        async with self._db.begin() as connection:
            keys = await connection.execute(
                delete(idempotency_keys).where(
                    (idempotency_keys.c.created_at < expired)
                    | idempotency_keys.c.evaluation_id.in_(old)
                )
            )
            await connection.execute(
                delete(evaluation_rules).where(evaluation_rules.c.evaluation_id.in_(old))
            )
            gone = await connection.execute(
                delete(evaluations).where(evaluations.c.created_at < cutoff)
            )
        return gone.rowcount, keys.rowcount


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
                    created_at=_utc(datetime.now(UTC)),
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
                .values(revoked_at=_utc(datetime.now(UTC)))
            )
        return done.rowcount == 1

    async def authenticate(self, token: str) -> Principal:
        """The tenant a bearer token belongs to.

        Raises:
            Unauthorized: Malformed, unknown or revoked (one message for all three).
        """
        prefix, _, rest = token.partition("_")
        key_id, _, secret = rest.partition("_")
        refused = Unauthorized("The API key is missing, malformed, unknown or revoked.")
        well_formed = (
            prefix == _TOKEN_PREFIX
            and 0 < len(key_id) <= 32
            and all(c in string.hexdigits for c in key_id)
            and 0 < len(secret) <= 128
        )
        if not well_formed:
            raise refused
        pepper = self._pepper.value()
        query = (
            select(
                api_keys.c.secret_hash,
                api_keys.c.salt,
                api_keys.c.scheme,
                api_keys.c.pepper_id,
                tenants.c.id,
                tenants.c.name,
            )
            .join(tenants, tenants.c.id == api_keys.c.tenant_id)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
        # The same work for a known and an unknown id: one HMAC, one constant-time compare.
        presented = _mac(pepper, key_id, secret)
        known = row is not None and row.scheme == HMAC_SCHEME
        expected: bytes = row.secret_hash if row is not None and known else self._dummy
        matched = hmac.compare_digest(expected, presented)
        if row is None:
            raise refused
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
            raise refused
        return Principal(tenant_id=row.id, tenant=row.name, key_id=key_id)

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
                        id=tenant_id, name=name, created_at=_utc(datetime.now(UTC))
                    )
                )
        except IntegrityError:  # created concurrently: use that one
            return await self._tenant_id(name, create=False)
        return tenant_id
