"""Webhook endpoints, the event outbox and the delivery log (SQLAlchemy, async).

``emit`` writes an event and one delivery per endpoint of the tenant in the caller's
transaction (a transactional outbox): the batch that finishes and its ``batch.completed``
commit together or not at all. Workers then claim due deliveries with a lease, like batch
chunks (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so replicas share them and a crashed
worker's delivery is taken over once its lease runs out; an attempt is recorded only by
the worker that still holds the lease.

Signing secrets must be read back to sign, so they cannot be hashed like API keys: each
is sealed with AES-256-GCM under a key derived from the pepper (``BATNA_KEY_PEPPER``, or
the SQLite pepper file), with the endpoint's id as associated data. A leaked table alone
reveals no secret; changing the pepper makes the old secrets unreadable (their
deliveries fail with a message saying so: register the endpoint again).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import and_, delete, insert, or_, select, update

from batna.errors import NotFound
from batna.schemas.jsonout import ENCODER
from batna.schemas.webhooks import (
    EVENT_TYPES,
    Attempt,
    Delivery,
    DeliveryPage,
    Event,
    EventType,
    NewWebhook,
    Outgoing,
    Webhook,
    WebhookList,
    check_url,
)
from batna.store.database import bind_utc
from batna.store.ids import new_id
from batna.store.pepper import Pepper
from batna.store.tables import (
    tenants,
    webhook_attempts,
    webhook_deliveries,
    webhook_events,
    webhooks,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from batna.store.database import Database

__all__ = ["SECRET_PREFIX", "WebhookStore", "emit"]

SECRET_PREFIX: Final = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
_SEAL_LABEL: Final = b"batna webhook secret sealing key"
_NONCE: Final = 12


def _read(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _at(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def emit(
    connection: AsyncConnection, tenant_id: str, kind: EventType, data: object
) -> str | None:
    """Queue event ``kind`` with ``data`` for every endpoint of the tenant, in ``connection``.

    Call it inside the transaction that makes the event true (the outbox): both commit,
    or neither does. ``data`` is any Struct or JSON-encodable value.

    Returns:
        The event's id (its ``webhook-id``), or None when the tenant has no endpoint.
    """
    found = await connection.execute(
        select(webhooks.c.id).where(webhooks.c.tenant_id == tenant_id).order_by(webhooks.c.id)
    )
    targets = list(found.scalars())
    if not targets:
        return None
    now = datetime.now(UTC)
    event_id = new_id()
    payload = ENCODER.encode(
        Event(type=kind, timestamp=now, data=msgspec.Raw(ENCODER.encode(data)))
    )
    await connection.execute(
        insert(webhook_events).values(
            id=event_id,
            tenant_id=tenant_id,
            type=kind,
            payload=payload.decode(),
            created_at=now,
        )
    )
    await connection.execute(
        insert(webhook_deliveries),
        [
            {
                "id": new_id(),
                "event_id": event_id,
                "webhook_id": target,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "lease_until": None,
                "worker": None,
                "created_at": now,
                "delivered_at": None,
            }
            for target in targets
        ],
    )
    return event_id


class WebhookStore:
    """Endpoints and deliveries, scoped by tenant for clients, unscoped for workers."""

    def __init__(self, database: Database, pepper: str | None = None) -> None:
        self._db = database
        self._configured = pepper
        self._found: Pepper | None = None

    @property
    def _pepper(self) -> Pepper:
        """Resolved on first use: listing, purging and the log need no pepper."""
        if self._found is None:
            self._found = Pepper(self._configured, self._db.url)
        return self._found

    def _cipher(self) -> AESGCM:
        key = hmac.new(self._pepper.value(), _SEAL_LABEL, hashlib.sha256).digest()
        return AESGCM(key)

    def _seal(self, webhook_id: str, secret: str) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return nonce + self._cipher().encrypt(nonce, secret.encode(), webhook_id.encode())

    def _unseal(self, webhook_id: str, sealed: bytes) -> str | None:
        """The secret, or None when it was sealed under another pepper."""
        try:
            plain = self._cipher().decrypt(sealed[:_NONCE], sealed[_NONCE:], webhook_id.encode())
        except InvalidTag:
            return None
        return plain.decode()

    async def tenant_id(self, name: str) -> str:
        """The id of the tenant called ``name``.

        Raises:
            NotFound: No such tenant (make one with ``batna keys create``).
        """
        query = select(tenants.c.id).where(tenants.c.name == name)
        async with self._db.begin() as connection:
            found = (await connection.execute(query)).scalar_one_or_none()
        if found is None:
            raise NotFound(f"No tenant {name!r}.")
        return str(found)

    async def add(self, tenant_id: str, url: str) -> NewWebhook:
        """Register ``url`` for the tenant; the answer holds its secret, shown this once."""
        check_url(url)
        webhook_id = new_id()
        secret = SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
        now = datetime.now(UTC)
        async with self._db.begin() as connection:
            await connection.execute(
                insert(webhooks).values(
                    id=webhook_id,
                    tenant_id=tenant_id,
                    url=url,
                    secret_sealed=self._seal(webhook_id, secret),
                    pepper_id=self._pepper.fingerprint(),
                    created_at=now,
                )
            )
        return NewWebhook(
            id=webhook_id, url=url, events=list(EVENT_TYPES), created_at=now, secret=secret
        )

    async def list(self, tenant_id: str) -> WebhookList:
        """The tenant's endpoints, oldest first (secrets never leave again)."""
        query = (
            select(webhooks.c.id, webhooks.c.url, webhooks.c.created_at)
            .where(webhooks.c.tenant_id == tenant_id)
            .order_by(webhooks.c.id)
        )
        async with self._db.begin() as connection:
            rows = (await connection.execute(query)).all()
        return WebhookList(
            items=[
                Webhook(id=r.id, url=r.url, events=list(EVENT_TYPES), created_at=_at(r.created_at))
                for r in rows
            ]
        )

    async def remove(self, tenant_id: str, webhook_id: str) -> None:
        """Unregister an endpoint; its pending deliveries and log go with it.

        Raises:
            NotFound: The tenant has no such endpoint.
        """
        async with self._db.begin() as connection:
            owned = await self._owned(connection, tenant_id, webhook_id)
            if not owned:
                raise NotFound(f"No webhook {webhook_id} for this tenant.")
            mine = select(webhook_deliveries.c.id).where(
                webhook_deliveries.c.webhook_id == webhook_id
            )
            await connection.execute(
                delete(webhook_attempts).where(webhook_attempts.c.delivery_id.in_(mine))
            )
            await connection.execute(
                delete(webhook_deliveries).where(webhook_deliveries.c.webhook_id == webhook_id)
            )
            await connection.execute(delete(webhooks).where(webhooks.c.id == webhook_id))

    async def _owned(self, connection: AsyncConnection, tenant_id: str, webhook_id: str) -> bool:
        query = select(webhooks.c.id).where(
            webhooks.c.id == webhook_id, webhooks.c.tenant_id == tenant_id
        )
        return (await connection.execute(query)).first() is not None

    async def emit(self, tenant_id: str, kind: EventType, data: object) -> str | None:
        """``emit`` in a transaction of its own (for callers that have none open)."""
        async with self._db.begin() as connection:
            return await emit(connection, tenant_id, kind, data)

    async def deliveries(
        self, tenant_id: str, webhook_id: str, *, limit: int = 50, before: str | None = None
    ) -> DeliveryPage:
        """An endpoint's deliveries, newest first, each with its attempts.

        Raises:
            NotFound: The tenant has no such endpoint.
        """
        query = (
            select(
                webhook_deliveries,
                webhook_events.c.type,
                webhook_events.c.created_at.label("event_created_at"),
            )
            .join(webhook_events, webhook_events.c.id == webhook_deliveries.c.event_id)
            .where(webhook_deliveries.c.webhook_id == webhook_id)
            .order_by(webhook_deliveries.c.id.desc())
            .limit(limit + 1)
        )
        if before is not None:
            query = query.where(webhook_deliveries.c.id < before)
        async with self._db.begin() as connection:
            if not await self._owned(connection, tenant_id, webhook_id):
                raise NotFound(f"No webhook {webhook_id} for this tenant.")
            rows = (await connection.execute(query)).all()
            shown = rows[:limit]
            tries = await connection.execute(
                select(webhook_attempts)
                .where(webhook_attempts.c.delivery_id.in_([r.id for r in shown]))
                .order_by(webhook_attempts.c.delivery_id, webhook_attempts.c.attempt)
            )
            log: dict[str, list[Attempt]] = {}
            for t in tries.all():
                log.setdefault(t.delivery_id, []).append(
                    Attempt(
                        attempt=t.attempt,
                        at=_at(t.at),
                        status_code=t.status_code,
                        error=t.error,
                        duration_ms=t.duration_ms,
                    )
                )
        items = [
            Delivery(
                id=r.id,
                event_id=r.event_id,
                type=r.type,
                status=r.status,
                attempts=r.attempts,
                created_at=_at(r.event_created_at),
                next_attempt_at=_read(r.next_attempt_at) if r.status == "pending" else None,
                delivered_at=_read(r.delivered_at),
                log=log.get(r.id, []),
            )
            for r in shown
        ]
        more = len(rows) > limit
        return DeliveryPage(items=items, next_cursor=shown[-1].id if more and shown else None)

    async def claim(self, worker: str, lease: timedelta) -> Outgoing | None:
        """Take the delivery due first, for ``lease``; None when nothing is due."""
        d = webhook_deliveries.c
        now = datetime.now(UTC)
        due = and_(
            d.status == "pending",
            d.next_attempt_at <= now,
            or_(d.lease_until.is_(None), d.lease_until < now),
        )
        candidates = (
            select(
                d.id,
                d.event_id,
                d.webhook_id,
                d.attempts,
                webhooks.c.url,
                webhooks.c.secret_sealed,
                webhook_events.c.payload,
            )
            .join(webhooks, webhooks.c.id == d.webhook_id)
            .join(webhook_events, webhook_events.c.id == d.event_id)
            .where(due)
            .order_by(d.next_attempt_at, d.id)
            .limit(1)
        )
        if self._db.dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True, of=webhook_deliveries)
        until = now + lease
        async with self._db.begin() as connection:
            found = (await connection.execute(candidates)).first()
            if found is None:
                return None
            taken = await connection.execute(
                update(webhook_deliveries)
                .where(d.id == found.id, due)
                .values(lease_until=until, worker=worker)
            )
            if taken.rowcount != 1:  # taken between the select and the update (SQLite)
                return None
        secret = self._unseal(found.webhook_id, found.secret_sealed)
        return Outgoing(
            delivery_id=found.id,
            event_id=found.event_id,
            url=found.url,
            secret=secret,
            payload=found.payload.encode(),
            attempt=found.attempts + 1,
            lease_until=until,
        )

    async def record(
        self,
        held: Outgoing,
        worker: str,
        attempt: Attempt,
        *,
        retry_at: datetime | None,
    ) -> bool:
        """Log one attempt and settle the delivery, if ``worker`` still holds it.

        A 2xx delivers it; otherwise it is due again at ``retry_at`` (None: no attempts
        left, it has ``failed``).

        Returns:
            False when the lease was lost meanwhile (nothing written: the new holder tries).
        """
        delivered = attempt.status_code is not None and 200 <= attempt.status_code < 300
        status = "delivered" if delivered else ("pending" if retry_at is not None else "failed")
        d = webhook_deliveries.c
        async with self._db.begin() as connection:
            settled = await connection.execute(
                update(webhook_deliveries)
                .where(
                    d.id == held.delivery_id,
                    d.status == "pending",
                    d.worker == worker,
                    d.lease_until == held.lease_until,
                )
                .values(
                    status=status,
                    attempts=d.attempts + 1,
                    lease_until=None,
                    next_attempt_at=bind_utc(retry_at)
                    if status == "pending" and retry_at
                    else None,
                    delivered_at=bind_utc(attempt.at) if delivered else None,
                )
            )
            if settled.rowcount != 1:
                return False
            await connection.execute(
                insert(webhook_attempts).values(
                    delivery_id=held.delivery_id,
                    attempt=held.attempt,
                    at=bind_utc(attempt.at),
                    status_code=attempt.status_code,
                    error=None if attempt.error is None else attempt.error[:300],
                    duration_ms=attempt.duration_ms,
                )
            )
        return True

    async def purge(self, older_than: datetime) -> int:
        """Erase events (with their deliveries and attempts) made before ``older_than``.

        Returns:
            How many events were erased.
        """
        old = select(webhook_events.c.id).where(webhook_events.c.created_at < bind_utc(older_than))
        async with self._db.begin() as connection:
            found = list((await connection.execute(old)).scalars())
            for start in range(0, len(found), 500):
                ids = found[start : start + 500]
                mine = select(webhook_deliveries.c.id).where(webhook_deliveries.c.event_id.in_(ids))
                await connection.execute(
                    delete(webhook_attempts).where(webhook_attempts.c.delivery_id.in_(mine))
                )
                await connection.execute(
                    delete(webhook_deliveries).where(webhook_deliveries.c.event_id.in_(ids))
                )
                await connection.execute(delete(webhook_events).where(webhook_events.c.id.in_(ids)))
        return len(found)
