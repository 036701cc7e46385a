"""Batches: uploaded jobs, their rows, and the chunks workers claim with leases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(36)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the batch tables."""
    op.create_table(
        "batches",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column(
            "status", sa.String(16), nullable=False, comment="receiving, queued, running, done"
        ),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("started_at", _when(), nullable=True),
        sa.Column("finished_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_batches_tenant_id_tenants", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
    )
    op.create_index("ix_batches_tenant_id", "batches", ["tenant_id"])
    op.create_table(
        "batch_chunks",
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, comment="pending, claimed, done"),
        sa.Column("lease_until", _when(), nullable=True),
        sa.Column("worker", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name="fk_batch_chunks_batch_id_batches",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "chunk", name="pk_batch_chunks"),
    )
    op.create_index("ix_batch_chunks_status_lease_until", "batch_chunks", ["status", "lease_until"])
    op.create_table(
        "batch_items",
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, comment="pending, done, invalid"),
        sa.Column(
            "situation", sa.Text(), nullable=True, comment="held until evaluated, then cleared"
        ),
        sa.Column("result", sa.Text(), nullable=True, comment="evaluation or problem JSON"),
        sa.Column("overall_recommendation", sa.String(32), nullable=True),
        sa.Column("leverage_strength", sa.Integer(), nullable=True),
        sa.Column("relationship_risk", sa.Integer(), nullable=True),
        sa.Column("readiness", sa.Integer(), nullable=True),
        sa.Column("fired_rules", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name="fk_batch_items_batch_id_batches",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "row", name="pk_batch_items"),
    )
    op.create_index("ix_batch_items_batch_id_chunk", "batch_items", ["batch_id", "chunk"])


def downgrade() -> None:
    """Drop the batch tables."""
    op.drop_table("batch_items")
    op.drop_table("batch_chunks")
    op.drop_table("batches")
