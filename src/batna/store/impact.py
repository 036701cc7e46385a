"""Impact analyses in the database: stored decisions read in pages, and the leased job.

An analysis is cut into chunks of consecutive evaluation ids when it is created (so later
records stay out of it), and chunks are claimed with the same leases as batch chunks
(``batna.store.leases``). A chunk's changes, its tally and its ``done`` mark are one
transaction, written only while the worker holds the lease: a killed worker's chunk is
replayed again by another, and nothing is lost or counted twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

import msgspec
from sqlalchemy import insert, select, update

from batna.errors import NotFound
from batna.schemas.evaluation import Scores
from batna.schemas.impact import (
    AnalysisStatus,
    DecisionScope,
    ImpactChange,
    ImpactTally,
    StoredDecision,
)
from batna.store.database import bind_utc
from batna.store.ids import new_id
from batna.store.leases import ChunkLeases, LeaseLost
from batna.store.tables import (
    evaluations,
    impact_analyses,
    impact_changes,
    impact_chunks,
    tenants,
)
from batna.store.webhooks import emit

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence
    from datetime import timedelta

    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Row

    from batna.schemas.records import Principal
    from batna.store.database import Database

__all__ = ["AnalysisRow", "ImpactClaim", "ImpactStore"]

_TALLY: Final = msgspec.json.Decoder(ImpactTally)
_ENCODER: Final = msgspec.json.Encoder()


def _read(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ImpactClaim(msgspec.Struct, frozen=True, kw_only=True):
    """A chunk of an analysis a worker holds until ``lease_until``.

    Attributes:
        analysis_id: The analysis.
        chunk: The chunk's number.
        lease_until: When another worker may take it over.
        candidate: The ruleset to replay against (``name@version``).
        scope: The decisions of the chunk.
    """

    analysis_id: str
    chunk: int
    lease_until: datetime
    candidate: str
    scope: DecisionScope


class AnalysisRow(msgspec.Struct, frozen=True, kw_only=True):
    """An analysis as stored, with its chunks' tallies added up.

    Attributes:
        id: Its id.
        status: queued, running or done.
        candidate: ``name@version``.
        since: First instant of decisions included.
        before: Decisions before this instant.
        total: Decisions in scope when created.
        created_at: When requested.
        started_at: When first claimed.
        finished_at: When its last chunk was done.
        tally: The done chunks' tallies, added up.
    """

    id: str
    status: AnalysisStatus
    candidate: str
    since: datetime | None
    before: datetime | None
    total: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    tally: ImpactTally


class ImpactStore:
    """Stored decisions for replays, and impact analyses scoped by tenant."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._leases = ChunkLeases(database, impact_analyses, impact_chunks, "analysis_id")

    # --- stored decisions --------------------------------------------------------------

    @staticmethod
    def _where(scope: DecisionScope) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if scope.tenant_id is not None:
            where.append(evaluations.c.tenant_id == scope.tenant_id)
        if scope.since is not None:
            where.append(evaluations.c.created_at >= bind_utc(scope.since))
        if scope.before is not None:
            where.append(evaluations.c.created_at < bind_utc(scope.before))
        if scope.first_id is not None:
            where.append(evaluations.c.id >= scope.first_id)
        if scope.last_id is not None:
            where.append(evaluations.c.id <= scope.last_id)
        return where

    async def decisions(
        self, scope: DecisionScope, after: str | None, limit: int
    ) -> list[StoredDecision]:
        """Up to ``limit`` decisions in ``scope`` with ids above ``after``, oldest first."""
        where = self._where(scope)
        if after is not None:
            where.append(evaluations.c.id > after)
        query = (
            select(
                evaluations.c.id,
                evaluations.c.created_at,
                evaluations.c.situation,
                evaluations.c.overall_recommendation,
                evaluations.c.leverage_strength,
                evaluations.c.relationship_risk,
                evaluations.c.readiness,
                evaluations.c.fired_rules,
            )
            .where(*where)
            .order_by(evaluations.c.id)
            .limit(limit)
        )
        async with self._db.begin() as connection:
            rows = (await connection.execute(query)).all()
        return [
            StoredDecision(
                id=row.id,
                created_at=_read(row.created_at) or datetime.now(UTC),
                situation=row.situation,
                overall_recommendation=row.overall_recommendation,
                scores=Scores(
                    leverage_strength=row.leverage_strength,
                    relationship_risk=row.relationship_risk,
                    readiness=row.readiness,
                ),
                fired_rules=row.fired_rules.split(),
            )
            for row in rows
        ]

    async def tenant_id(self, name: str) -> str:
        """The id of the tenant called ``name``.

        Raises:
            NotFound: No such tenant.
        """
        query = select(tenants.c.id).where(tenants.c.name == name)
        async with self._db.begin() as connection:
            found = (await connection.execute(query)).scalar_one_or_none()
        if found is None:
            raise NotFound(f"No tenant {name!r}.")
        return str(found)

    # --- analyses ------------------------------------------------------------------------

    async def create(
        self,
        principal: Principal,
        candidate: str,
        since: datetime | None,
        before: datetime | None,
        chunk_size: int = 500,
    ) -> str:
        """A queued analysis of the tenant's decisions in range, cut into chunks; its id.

        The ids are read a page at a time (ids only), so creating one stays cheap.
        """
        analysis_id = new_id()
        scope = DecisionScope(tenant_id=principal.tenant_id, since=since, before=before)
        where = self._where(scope)
        chunks: list[dict[str, object]] = []
        total = 0
        last: str | None = None
        async with self._db.begin() as connection:
            while True:
                query = select(evaluations.c.id).where(*where).order_by(evaluations.c.id)
                if last is not None:
                    query = query.where(evaluations.c.id > last)
                ids = list((await connection.execute(query.limit(chunk_size))).scalars())
                if not ids:
                    break
                chunks.append(
                    {
                        "analysis_id": analysis_id,
                        "chunk": len(chunks),
                        "first_id": ids[0],
                        "last_id": ids[-1],
                        "size": len(ids),
                        "status": "pending",
                        "attempts": 0,
                    }
                )
                total += len(ids)
                last = ids[-1]
            now = datetime.now(UTC)
            await connection.execute(
                insert(impact_analyses).values(
                    id=analysis_id,
                    tenant_id=principal.tenant_id,
                    created_at=now,
                    candidate=candidate,
                    created_from=None if since is None else bind_utc(since),
                    created_before=None if before is None else bind_utc(before),
                    status="queued" if chunks else "done",
                    total=total,
                    finished_at=None if chunks else now,
                )
            )
            for start in range(0, len(chunks), 1000):
                await connection.execute(insert(impact_chunks), chunks[start : start + 1000])
        return analysis_id

    async def _owned(self, principal: Principal, analysis_id: str) -> Row[tuple[object, ...]]:
        query = select(impact_analyses).where(
            impact_analyses.c.id == analysis_id,
            impact_analyses.c.tenant_id == principal.tenant_id,
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFound(f"No impact analysis {analysis_id} for this API key's tenant.")
        return row

    async def analysis(self, principal: Principal, analysis_id: str) -> AnalysisRow:
        """One of the tenant's analyses, with its done chunks' tallies added up."""
        row = await self._owned(principal, analysis_id)
        tally = ImpactTally()
        query = select(impact_chunks.c.tally).where(
            impact_chunks.c.analysis_id == analysis_id, impact_chunks.c.status == "done"
        )
        async with self._db.begin() as connection:
            for text in (await connection.execute(query)).scalars():
                tally.merge(_TALLY.decode(text))
        return AnalysisRow(
            id=row.id,
            status=row.status,
            candidate=row.candidate,
            since=_read(row.created_from),
            before=_read(row.created_before),
            total=row.total,
            created_at=_read(row.created_at) or datetime.now(UTC),
            started_at=_read(row.started_at),
            finished_at=_read(row.finished_at),
            tally=tally,
        )

    async def changed_ids(self, analysis_id: str, limit: int) -> list[str]:
        """The first ``limit`` changed decisions' ids, oldest first."""
        query = (
            select(impact_changes.c.evaluation_id)
            .where(impact_changes.c.analysis_id == analysis_id)
            .order_by(impact_changes.c.evaluation_id)
            .limit(limit)
        )
        async with self._db.begin() as connection:
            return [str(found) for found in (await connection.execute(query)).scalars()]

    async def changes(
        self, principal: Principal, analysis_id: str, page: int = 1000
    ) -> AsyncIterator[str]:
        """The analysis's changes (JSON lines), oldest decision first, a page at a time."""
        await self._owned(principal, analysis_id)
        last = ""
        while True:
            query = (
                select(impact_changes.c.evaluation_id, impact_changes.c.change)
                .where(
                    impact_changes.c.analysis_id == analysis_id,
                    impact_changes.c.evaluation_id > last,
                )
                .order_by(impact_changes.c.evaluation_id)
                .limit(page)
            )
            async with self._db.begin() as connection:
                rows = (await connection.execute(query)).all()
            for row in rows:
                yield row.change
            if len(rows) < page:
                return
            last = rows[-1].evaluation_id

    # --- workers -------------------------------------------------------------------------

    async def claim(
        self, worker: str, lease: timedelta, candidates: Sequence[str]
    ) -> ImpactClaim | None:
        """Take the oldest claimable chunk of an analysis whose candidate is in ``candidates``.

        A worker that has not loaded a candidate leaves its analyses to one that has.
        """
        held = await self._leases.claim(
            worker, lease, impact_analyses.c.candidate.in_(list(candidates))
        )
        if held is None:
            return None
        query = (
            select(
                impact_analyses.c.tenant_id,
                impact_analyses.c.candidate,
                impact_analyses.c.created_from,
                impact_analyses.c.created_before,
                impact_chunks.c.first_id,
                impact_chunks.c.last_id,
            )
            .join(impact_chunks, impact_chunks.c.analysis_id == impact_analyses.c.id)
            .where(impact_analyses.c.id == held.job_id, impact_chunks.c.chunk == held.chunk)
        )
        async with self._db.begin() as connection:
            row = (await connection.execute(query)).one()
        return ImpactClaim(
            analysis_id=held.job_id,
            chunk=held.chunk,
            lease_until=held.until,
            candidate=row.candidate,
            scope=DecisionScope(
                tenant_id=row.tenant_id,
                since=_read(row.created_from),
                before=_read(row.created_before),
                first_id=row.first_id,
                last_id=row.last_id,
            ),
        )

    async def complete(
        self,
        claim: ImpactClaim,
        worker: str,
        tally: ImpactTally,
        changes: list[ImpactChange],
    ) -> bool:
        """Write a chunk's tally and changes, once: False (nothing written) if the lease was lost.

        Returns:
            True if written; the analysis is ``done`` when this was its last chunk.
        """
        try:
            async with self._db.begin() as connection:
                await self._leases.hold(
                    connection, claim.analysis_id, claim.chunk, worker, claim.lease_until
                )
                await connection.execute(
                    update(impact_chunks)
                    .where(
                        impact_chunks.c.analysis_id == claim.analysis_id,
                        impact_chunks.c.chunk == claim.chunk,
                    )
                    .values(tally=_ENCODER.encode(tally).decode())
                )
                if changes:
                    await connection.execute(
                        insert(impact_changes),
                        [
                            {
                                "analysis_id": claim.analysis_id,
                                "evaluation_id": change.id,
                                "change": _ENCODER.encode(change).decode(),
                            }
                            for change in changes
                        ],
                    )
                tenant = claim.scope.tenant_id
                done = await self._leases.close_if_done(connection, claim.analysis_id)
                if done and tenant is not None:
                    # The outbox: the event commits with the analysis's last chunk.
                    analysis = f"/v1/impact-analyses/{claim.analysis_id}"
                    await emit(
                        connection,
                        tenant,
                        "impact_analysis.completed",
                        {
                            "id": claim.analysis_id,
                            "status": "done",
                            "candidate": claim.candidate,
                            "links": {
                                "self": analysis,
                                "changes": f"{analysis}/changes",
                                "report": f"{analysis}/report",
                            },
                        },
                    )
        except LeaseLost:
            return False
        return True
