"""Reading and writing evaluation records; every query is scoped by tenant.

A record and its idempotency key are written in one transaction, so concurrent requests
with the same key leave exactly one record: the losers hit the key's primary key, roll
back, and answer with the winner's stored response.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Final

import msgspec
from sqlalchemy import String, and_, bindparam, delete, exists, func, insert, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError

from batna.errors import IdempotencyKeyReused, NotFound
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
from batna.store.bulk import Unnest, positional
from batna.store.database import bind_utc
from batna.store.group import GroupCommit, Refused
from batna.store.keys import refused
from batna.store.tables import api_keys, evaluation_rules, evaluations, idempotency_keys

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.engine import Connection, Row

    from batna.store.database import Database

__all__ = ["IDEMPOTENCY_WINDOW", "EvaluationStore"]

IDEMPOTENCY_WINDOW: Final = timedelta(hours=24)
_TOKEN_PREFIX: Final = "batna"  # noqa: S105 - a token's fixed prefix, not a secret
_EVALUATION: Final = msgspec.json.Decoder(Evaluation)
_SITUATION: Final = msgspec.json.Decoder(Situation)


def _read(moment: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _ruleset(row: Row[tuple[object, ...]]) -> RulesetRef:
    return RulesetRef(
        name=row.ruleset_name, version=row.ruleset_version, revision=row.ruleset_revision
    )


_Item = tuple[Principal, NewRecord, tuple[str, str] | None]
_Held = dict[tuple[str, str], tuple[str, Stored]]  # (tenant, key) → (request hash, answer)

# The group commit's statements, built once: building a Core statement costs more than
# SQLite takes to run it (about 0.2 ms each, in Python, on every transaction).
_INSERTS: Final = {
    "evaluations": insert(evaluations),
    "rules": insert(evaluation_rules),
    "keys": insert(idempotency_keys),
}
_UNREVOKED: Final = select(api_keys.c.id).where(
    api_keys.c.id.in_(bindparam("ids", expanding=True)), api_keys.c.revoked_at.is_(None)
)
_KEY_PAIR: Final = tuple_(idempotency_keys.c.tenant_id, idempotency_keys.c.key)
_HELD: Final = select(
    idempotency_keys.c.tenant_id,
    idempotency_keys.c.key,
    idempotency_keys.c.request_sha256,
    idempotency_keys.c.created_at,
    evaluations.c.id,
    evaluations.c.evaluation,
).join(evaluations, evaluations.c.id == idempotency_keys.c.evaluation_id)

# PostgreSQL's, run on asyncpg itself (``Database.driver_transact``): the key pairs go in
# as two arrays, the rows as one array per column (``batna.store.bulk``).
_PAIRS: Final = select(
    func.unnest(bindparam("tenants", type_=ARRAY(String))),
    func.unnest(bindparam("keys", type_=ARRAY(String))),
)
_PG_HELD: Final = positional(_HELD.where(_KEY_PAIR.in_(_PAIRS)))
_PG_FORGET: Final = positional(delete(idempotency_keys).where(_KEY_PAIR.in_(_PAIRS)))
_PG_WRITE: Final = Unnest(
    {"evaluations": evaluations, "rules": evaluation_rules, "keys": idempotency_keys},
    then="SELECT id FROM api_keys WHERE id = ANY(CAST(:ids AS VARCHAR[])) AND revoked_at IS NULL",
    then_params={"ids": ARRAY(String)},
)
_PG_INSERT: Final = positional(_PG_WRITE.statement)


def _replayed(stored: Stored) -> Stored:
    return Stored(id=stored.id, evaluation=stored.evaluation, replayed=True)


def _pairs(items: list[_Item]) -> list[tuple[str, str]]:
    """The group's (tenant, Idempotency-Key) pairs."""
    return sorted({(p.tenant_id, idem[0]) for p, _, idem in items if idem is not None})


def _sort_held(rows: Iterable[Sequence[Any]]) -> tuple[_Held, list[tuple[str, str]]]:
    """Rows of ``_HELD`` split into keys held within 24 hours and older (stale) ones."""
    cutoff = datetime.now(UTC) - IDEMPOTENCY_WINDOW
    held: _Held = {}
    stale: list[tuple[str, str]] = []
    for tenant_id, key, request_sha256, created_at, record_id, evaluation in rows:
        if _read(created_at) < cutoff:
            stale.append((tenant_id, key))
        else:
            stored = Stored(id=record_id, evaluation=evaluation.encode(), replayed=True)
            held[tenant_id, key] = (request_sha256, stored)
    return held, stale


def _held_keys(connection: Connection, items: list[_Item]) -> _Held:
    """The group's keys already held within 24 hours.

    Older ones are deleted here, so their key is free for this request.
    """
    pairs = _pairs(items)
    if not pairs:
        return {}
    held, stale = _sort_held(connection.execute(_HELD.where(_KEY_PAIR.in_(pairs))))
    if stale:
        connection.execute(delete(idempotency_keys).where(_KEY_PAIR.in_(stale)))
    return held


async def _held_keys_pg(connection: Any, items: list[_Item]) -> _Held:  # noqa: ANN401 - asyncpg
    """``_held_keys`` on a bare asyncpg connection."""
    pairs = _pairs(items)
    if not pairs:
        return {}
    tenants, keys = (list(column) for column in zip(*pairs, strict=True))
    held, stale = _sort_held(
        await connection.fetch(_PG_HELD.sql, *_PG_HELD.args({"tenants": tenants, "keys": keys}))
    )
    if stale:
        tenants, keys = (list(column) for column in zip(*stale, strict=True))
        await connection.execute(
            _PG_FORGET.sql, *_PG_FORGET.args({"tenants": tenants, "keys": keys})
        )
    return held


def _partition(
    items: list[_Item], earlier: _Held
) -> tuple[list[Stored | BaseException], list[_Item]]:
    """Each item's outcome, and the items to write.

    An item whose Idempotency-Key is already held within 24 hours is not written: it
    gets the stored answer, or the conflict when its request differs. Two items of one
    group with one key: the first is written, the second replays it.
    """
    outcomes: list[Stored | BaseException] = []
    fresh: list[_Item] = []
    for principal, new, idempotency in items:
        mine = Stored(id=new.id, evaluation=new.evaluation)
        if idempotency is None:
            outcomes.append(mine)
            fresh.append((principal, new, None))
            continue
        key, request_sha256 = idempotency
        held = earlier.get((principal.tenant_id, key))
        if held is None:
            earlier[principal.tenant_id, key] = (request_sha256, _replayed(mine))
            outcomes.append(mine)
            fresh.append((principal, new, idempotency))
        elif hmac.compare_digest(held[0], request_sha256):
            outcomes.append(held[1])
        else:
            outcomes.append(
                IdempotencyKeyReused(
                    "This Idempotency-Key was first used with a different request; "
                    "use a new key for a new request."
                )
            )
    return outcomes, fresh


def _rows(items: list[_Item]) -> dict[str, list[dict[str, Any]]]:
    """The rows to insert for ``items``: records, rule index rows, idempotency keys."""
    return {
        "evaluations": [
            {
                "id": new.id,
                "tenant_id": principal.tenant_id,
                "created_at": bind_utc(new.created_at),
                "ruleset_name": new.ruleset.name,
                "ruleset_version": new.ruleset.version,
                "ruleset_revision": new.ruleset.revision,
                "overall_recommendation": new.overall_recommendation,
                "leverage_strength": new.scores.leverage_strength,
                "relationship_risk": new.scores.relationship_risk,
                "readiness": new.scores.readiness,
                "fired_rules": " ".join(new.fired_rule_ids),
                "situation_stored": new.situation is not None,
                "situation_sha256": new.situation_sha256,
                "situation": None if new.situation is None else new.situation.decode(),
                "evaluation": new.evaluation.decode(),
            }
            for principal, new, _ in items
        ],
        "rules": [
            {"evaluation_id": new.id, "rule_id": rule_id}
            for _, new, _ in items
            for rule_id in sorted(set(new.fired_rule_ids))
        ],
        "keys": [
            {
                "tenant_id": principal.tenant_id,
                "key": idempotency[0],
                "request_sha256": idempotency[1],
                "evaluation_id": new.id,
                "created_at": bind_utc(new.created_at),
            }
            for principal, new, idempotency in items
            if idempotency is not None
        ],
    }


def _cached(items: list[_Item]) -> list[str]:
    """Ids of the keys that came from a process's cache: the write confirms them."""
    return sorted({p.key_id for p, _, _ in items if not p.confirmed})


def _refuse_revoked(items: list[_Item], cached: list[str], live: set[str]) -> None:
    """Raise ``Refused`` for the items whose cached key is no longer live (each a 401)."""
    revoked = set(cached) - live
    if revoked:
        raise Refused({i: refused() for i, (p, _, _) in enumerate(items) if p.key_id in revoked})


def _write(connection: Connection, items: list[_Item]) -> list[Stored | BaseException]:
    """Write a group's records, keys and rule rows; confirm cached keys (one transaction).

    A principal from the key cache (``Principal.confirmed`` False) is checked here, in
    the transaction that writes its record, after the inserts: on SQLite the write lock
    is then held, so this reads the latest revocations.

    Raises:
        Refused: Some keys are revoked; each of their requests gets a 401.
    """
    outcomes, fresh = _partition(items, _held_keys(connection, items))
    rows = _rows(fresh)
    for table, statement in _INSERTS.items():
        if rows[table]:
            connection.execute(statement, rows[table])
    cached = _cached(items)
    live = set(connection.execute(_UNREVOKED, {"ids": cached}).scalars()) if cached else set()
    _refuse_revoked(items, cached, live)
    return outcomes


async def _write_pg(
    connection: Any,  # noqa: ANN401 - a bare asyncpg connection
    items: list[_Item],
) -> list[Stored | BaseException]:
    """``_write`` on a bare asyncpg connection (``Database.driver_transact``).

    The inserts and the check of cached keys are one statement, which reads every
    revocation committed before it began.
    """
    outcomes, fresh = _partition(items, await _held_keys_pg(connection, items))
    cached = _cached(items)
    params = {**_PG_WRITE.params(_rows(fresh)), "ids": cached}
    live = {row[0] for row in await connection.fetch(_PG_INSERT.sql, *_PG_INSERT.args(params))}
    _refuse_revoked(items, cached, live)
    return outcomes


class EvaluationStore:
    """Evaluation records of one database, always seen through one tenant."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._write = self._on_asyncpg if database.dialect == "postgresql" else self._on_sqlalchemy
        self._group: GroupCommit[_Item, Stored] = GroupCommit(self._write)

    async def _on_asyncpg(self, items: list[_Item]) -> list[Stored | BaseException]:
        """One transaction for ``items`` on asyncpg itself (PostgreSQL)."""
        return await self._db.driver_transact(partial(_write_pg, items=items))

    async def _on_sqlalchemy(self, items: list[_Item]) -> list[Stored | BaseException]:
        """One transaction for ``items`` through SQLAlchemy (SQLite's own thread)."""
        return await self._db.transact(partial(_write, items=items))

    async def record(
        self, principal: Principal, new: NewRecord, idempotency: tuple[str, str] | None = None
    ) -> Stored:
        """Keep ``new``; with ``idempotency`` (key, request hash), at most once per key.

        Returns the stored response: ``new``'s, or the first one's when the key was used
        before with the same request within 24 hours. The record joins the next group
        commit (``batna.store.group``) with the other requests of the moment.

        Raises:
            IdempotencyKeyReused: The key was used with a different request.
            Unauthorized: The API key, taken from the cache, was revoked meanwhile.
            StoreUnavailable: The database did not answer; nothing was reported stored.
        """
        try:
            return await self._group.submit((principal, new, idempotency))
        except IntegrityError:
            # Another process wrote one of the group's keys between its read and its
            # insert; the whole group rolled back, and each record is written again.
            if idempotency is None:
                return await self._group.submit((principal, new, None))
            return await self._record_alone(principal, new, idempotency)

    async def _record_alone(
        self, principal: Principal, new: NewRecord, idempotency: tuple[str, str]
    ) -> Stored:
        """A keyed record in its own transaction; a lost race on the key reads the winner."""
        for attempt in range(2):
            try:
                (outcome,) = await self._write([(principal, new, idempotency)])
            except IntegrityError:
                if attempt:
                    raise
                continue
            except Refused as refused:
                raise refused.refusals[0] from None
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome
        raise AssertionError  # pragma: no cover - the loop returns or raises

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
        return self._full_record(row)

    async def page(self, principal: Principal, query: EvaluationQuery) -> EvaluationPage:
        """Newest first, ``query.limit`` at a time; ``next_cursor`` continues after the last."""
        where = [evaluations.c.tenant_id == principal.tenant_id]
        if query.before_id is not None:
            where.append(evaluations.c.id < query.before_id)
        if query.recommendation is not None:
            where.append(evaluations.c.overall_recommendation == query.recommendation)
        if query.created_after is not None:
            where.append(evaluations.c.created_at >= bind_utc(query.created_after))
        if query.created_before is not None:
            where.append(evaluations.c.created_at < bind_utc(query.created_before))
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
        cutoff = bind_utc(older_than)
        old = select(evaluations.c.id).where(evaluations.c.created_at < cutoff)
        expired = bind_utc(datetime.now(UTC) - IDEMPOTENCY_WINDOW)
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

    async def export_span(
        self,
        principal: Principal,
        *,
        after: str | None,
        window: tuple[datetime | None, datetime | None] = (None, None),
    ) -> tuple[str, str] | None:
        """The first and last id an export starting now sends; None when it sends nothing.

        ``window`` is (created at or after, created before). Fixing the last id before the
        first byte lets the response name it in a header, and leaves records stored while
        the export runs to the next one (no duplicates, no moving end).
        """
        where = [evaluations.c.tenant_id == principal.tenant_id]
        if window[0] is not None:
            where.append(evaluations.c.created_at >= bind_utc(window[0]))
        if window[1] is not None:
            where.append(evaluations.c.created_at < bind_utc(window[1]))
        if after is not None:
            where.append(evaluations.c.id > after)
        ids = select(evaluations.c.id).where(*where)
        first = ids.order_by(evaluations.c.id).limit(1)
        last = ids.order_by(evaluations.c.id.desc()).limit(1)
        # A window may sit anywhere in a long history: walking the id index from one end
        # and filtering every row cost 0.3 s per 100,000 records on PostgreSQL. Behind an
        # OFFSET 0 fence the window's rows come from created_at's index instead, at a cost
        # in proportion to the window, which is what the export reads. After a cursor the
        # next rows come first; and with no start to the window, the walk from the newest
        # end passes only the rows at or after created_before (a minute's, in an
        # incremental pull).
        fenced = ids.offset(0).subquery()
        if window != (None, None) and after is None:
            first = select(fenced.c.id).order_by(fenced.c.id).limit(1)
        if window[0] is not None or (window[1] is not None and after is None):
            last = select(fenced.c.id).order_by(fenced.c.id.desc()).limit(1)
        query = select(first.scalar_subquery(), last.scalar_subquery())
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).one()
        return None if row[0] is None else (row[0], row[1])

    async def export_page(
        self,
        principal: Principal,
        *,
        last: str,
        start: str | None = None,
        after: str | None = None,
        window: tuple[datetime | None, datetime | None] = (None, None),
        limit: int = 500,
    ) -> map[EvaluationRecord]:
        """Up to ``limit`` full records from ``start`` (or after ``after``) to ``last``, by id.

        Keyset pagination: each page is its own short transaction, so an export of any size
        holds one page of rows in memory and no snapshot open. Each record is built as
        ``get`` builds it, so it encodes to the same bytes, and only when the caller takes
        it: a page of decoded records kept the garbage collector busy (half the time).
        """
        where = [evaluations.c.tenant_id == principal.tenant_id, evaluations.c.id <= last]
        if window[0] is not None:
            where.append(evaluations.c.created_at >= bind_utc(window[0]))
        if window[1] is not None:
            where.append(evaluations.c.created_at < bind_utc(window[1]))
        if start is not None:
            where.append(evaluations.c.id >= start)
        if after is not None:
            where.append(evaluations.c.id > after)
        statement = select(evaluations).where(*where).order_by(evaluations.c.id).limit(limit)
        async with self._db.begin() as connection:
            rows = (await connection.execute(statement)).all()
        return map(self._full_record, rows)

    @staticmethod
    def _full_record(row: Row[tuple[object, ...]]) -> EvaluationRecord:
        """A record row as ``get`` and the export return it: situation and evaluation decoded."""
        return EvaluationRecord(
            id=row.id,
            created_at=_read(row.created_at),
            ruleset=_ruleset(row),
            situation_stored=row.situation_stored,
            situation_sha256=row.situation_sha256,
            situation=None if row.situation is None else _SITUATION.decode(row.situation),
            evaluation=_EVALUATION.decode(row.evaluation),
        )
