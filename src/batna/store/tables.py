"""The audit store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Migrations in ``migrations/versions`` create exactly these; a test compares the two.
Ids are UUIDv7 strings, so ordering by id is ordering by creation time. JSON documents
are kept as text, byte for byte as answered (PostgreSQL's ``jsonb`` would reject a NUL
escape a client may legally send, and would reorder keys).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "api_keys",
    "batch_chunks",
    "batch_idempotency_keys",
    "batch_items",
    "batches",
    "evaluation_rules",
    "evaluations",
    "idempotency_keys",
    "impact_analyses",
    "impact_changes",
    "impact_chunks",
    "metadata",
    "tenants",
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_events",
    "webhooks",
]

metadata: Final = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_ID: Final = 36
_WHEN: Final = DateTime(timezone=True)

tenants: Final = Table(
    "tenants",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", _WHEN, nullable=False),
    Column(
        "ruleset",
        String(100),
        nullable=True,
        comment="the tenant's default ruleset, name@version (none: the server's)",
    ),
)

api_keys: Final = Table(
    "api_keys",
    metadata,
    Column("id", String(32), primary_key=True, comment="public key id, part of the token"),
    Column(
        "tenant_id",
        String(_ID),
        ForeignKey("tenants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "secret_hash",
        LargeBinary(32),
        nullable=False,
        comment="HMAC-SHA256 of key id and secret under the pepper (older: scrypt, SHA-256)",
    ),
    Column("salt", LargeBinary(16), nullable=True, comment="scrypt keys only"),
    Column(
        "scheme",
        String(16),
        nullable=False,
        server_default="sha256",
        comment="hmac-sha256 (0004); sha256 (0001) or scrypt (0003) until next used",
    ),
    Column(
        "pepper_id",
        String(16),
        nullable=True,
        comment="fingerprint of the pepper an hmac-sha256 hash was made under",
    ),
    Column("label", String(100), nullable=True),
    Column("created_at", _WHEN, nullable=False),
    Column("revoked_at", _WHEN, nullable=True),
)

evaluations: Final = Table(
    "evaluations",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("tenant_id", String(_ID), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", _WHEN, nullable=False),
    Column("ruleset_name", String(64), nullable=False),
    Column("ruleset_version", String(32), nullable=False),
    Column("ruleset_revision", String(64), nullable=False),
    Column("overall_recommendation", String(32), nullable=False),
    Column("leverage_strength", Integer, nullable=False),
    Column("relationship_risk", Integer, nullable=False),
    Column("readiness", Integer, nullable=False),
    Column("fired_rules", Text, nullable=False, comment="space-separated rule ids"),
    Column("situation_stored", Boolean, nullable=False),
    Column("situation_sha256", String(64), nullable=False),
    Column("situation", Text, nullable=True),
    Column("evaluation", Text, nullable=False),
    Index("ix_evaluations_tenant_id_id", "tenant_id", "id"),
    Index("ix_evaluations_tenant_id_created_at", "tenant_id", "created_at"),
    Index("ix_evaluations_created_at", "created_at"),
)

evaluation_rules: Final = Table(
    "evaluation_rules",
    metadata,
    Column(
        "evaluation_id",
        String(_ID),
        ForeignKey("evaluations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("rule_id", String(32), primary_key=True),
    Index("ix_evaluation_rules_rule_id_evaluation_id", "rule_id", "evaluation_id"),
)

idempotency_keys: Final = Table(
    "idempotency_keys",
    metadata,
    Column(
        "tenant_id", String(_ID), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("key", String(255), primary_key=True),
    Column("request_sha256", String(64), nullable=False),
    Column(
        "evaluation_id",
        String(_ID),
        ForeignKey("evaluations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", _WHEN, nullable=False),
)

batches: Final = Table(
    "batches",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column(
        "tenant_id",
        String(_ID),
        ForeignKey("tenants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", _WHEN, nullable=False),
    Column("format", String(8), nullable=False),
    Column(
        "status",
        String(16),
        nullable=False,
        comment="receiving, queued, running, done, failed (upload cut off, rows erased)",
    ),
    Column("total", Integer, nullable=False),
    Column("invalid", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("started_at", _WHEN, nullable=True),
    Column("finished_at", _WHEN, nullable=True),
    Column(
        "ruleset",
        String(100),
        nullable=True,
        comment="name@version its rows are evaluated with (none: before 0007, the default)",
    ),
    Index("ix_batches_status_created_at", "status", "created_at"),
    Index("ix_batches_tenant_id_id", "tenant_id", "id"),
)

batch_idempotency_keys: Final = Table(
    "batch_idempotency_keys",
    metadata,
    Column(
        "tenant_id", String(_ID), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("key", String(255), primary_key=True),
    Column("request_sha256", String(64), nullable=False, comment="body and format, hashed"),
    Column(
        "batch_id",
        String(_ID),
        ForeignKey("batches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", _WHEN, nullable=False),
)

batch_chunks: Final = Table(
    "batch_chunks",
    metadata,
    Column("batch_id", String(_ID), ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("chunk", Integer, primary_key=True),
    Column("status", String(16), nullable=False, comment="pending, claimed, done"),
    Column("lease_until", _WHEN, nullable=True),
    Column("worker", String(64), nullable=True),
    Column("attempts", Integer, nullable=False),
    Index("ix_batch_chunks_status_lease_until", "status", "lease_until"),
)

batch_items: Final = Table(
    "batch_items",
    metadata,
    Column("batch_id", String(_ID), ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("chunk", Integer, nullable=False),
    Column("status", String(16), nullable=False, comment="pending, done, invalid"),
    Column("situation", Text, nullable=True, comment="held until evaluated, then cleared"),
    Column("result", Text, nullable=True, comment="evaluation or problem JSON"),
    Column("overall_recommendation", String(32), nullable=True),
    Column("leverage_strength", Integer, nullable=True),
    Column("relationship_risk", Integer, nullable=True),
    Column("readiness", Integer, nullable=True),
    Column("fired_rules", Text, nullable=True),
    Index("ix_batch_items_batch_id_chunk", "batch_id", "chunk"),
)

webhooks: Final = Table(
    "webhooks",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column(
        "tenant_id",
        String(_ID),
        ForeignKey("tenants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("url", String(2048), nullable=False),
    Column(
        "secret_sealed",
        LargeBinary(128),
        nullable=False,
        comment="the signing secret, AES-256-GCM under a key derived from the pepper",
    ),
    Column("pepper_id", String(16), nullable=False, comment="fingerprint of that pepper"),
    Column("created_at", _WHEN, nullable=False),
)

webhook_events: Final = Table(
    "webhook_events",
    metadata,
    Column("id", String(_ID), primary_key=True, comment="sent as webhook-id"),
    Column(
        "tenant_id",
        String(_ID),
        ForeignKey("tenants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("type", String(64), nullable=False),
    Column("payload", Text, nullable=False, comment="the body, byte for byte as signed"),
    Column("created_at", _WHEN, nullable=False),
    Index("ix_webhook_events_created_at", "created_at"),
)

webhook_deliveries: Final = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column(
        "event_id",
        String(_ID),
        ForeignKey("webhook_events.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "webhook_id",
        String(_ID),
        ForeignKey("webhooks.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", String(16), nullable=False, comment="pending, delivered, failed"),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", _WHEN, nullable=True),
    Column("lease_until", _WHEN, nullable=True),
    Column("worker", String(64), nullable=True),
    Column("created_at", _WHEN, nullable=False),
    Column("delivered_at", _WHEN, nullable=True),
    Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_webhook_id_id", "webhook_id", "id"),
)

webhook_attempts: Final = Table(
    "webhook_attempts",
    metadata,
    Column(
        "delivery_id",
        String(_ID),
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("attempt", Integer, primary_key=True),
    Column("at", _WHEN, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", String(300), nullable=True),
    Column("duration_ms", Integer, nullable=False),
)

impact_analyses: Final = Table(
    "impact_analyses",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("tenant_id", String(_ID), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", _WHEN, nullable=False),
    Column("candidate", String(100), nullable=False, comment="name@version of a loaded ruleset"),
    Column("created_from", _WHEN, nullable=True, comment="decisions made at or after"),
    Column("created_before", _WHEN, nullable=True, comment="decisions made before"),
    Column("status", String(16), nullable=False, comment="queued, running, done"),
    Column("total", Integer, nullable=False, comment="decisions in scope when created"),
    Column("started_at", _WHEN, nullable=True),
    Column("finished_at", _WHEN, nullable=True),
    Index("ix_impact_analyses_tenant_id_id", "tenant_id", "id"),
    Index("ix_impact_analyses_status_created_at", "status", "created_at"),
)

impact_chunks: Final = Table(
    "impact_chunks",
    metadata,
    Column(
        "analysis_id",
        String(_ID),
        ForeignKey("impact_analyses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("chunk", Integer, primary_key=True),
    Column("first_id", String(_ID), nullable=False, comment="first evaluation id, inclusive"),
    Column("last_id", String(_ID), nullable=False, comment="last evaluation id, inclusive"),
    Column("size", Integer, nullable=False, comment="decisions in it when created"),
    Column("status", String(16), nullable=False, comment="pending, claimed, done"),
    Column("lease_until", _WHEN, nullable=True),
    Column("worker", String(64), nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("tally", Text, nullable=True, comment="the chunk's ImpactTally (JSON) once done"),
    Index("ix_impact_chunks_status_lease_until", "status", "lease_until"),
)

impact_changes: Final = Table(
    "impact_changes",
    metadata,
    Column(
        "analysis_id",
        String(_ID),
        ForeignKey("impact_analyses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("evaluation_id", String(_ID), primary_key=True),
    Column("change", Text, nullable=False, comment="the ImpactChange line (JSON)"),
)
