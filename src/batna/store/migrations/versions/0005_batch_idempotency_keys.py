"""Batches gain idempotency keys (a retried upload finds its batch) and a listing index.

``batch_idempotency_keys`` mirrors ``idempotency_keys``: one row per tenant and key, the
SHA-256 of the upload (body and format) and the batch it made. Its primary key is what
makes two concurrent uploads with one key create one batch. ``ix_batches_tenant_id_id``
serves ``GET /v1/batches`` (a tenant's batches, newest first).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(36)


def upgrade() -> None:
    """Create the key table and the listing index."""
    op.create_table(
        "batch_idempotency_keys",
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column(
            "request_sha256", sa.String(64), nullable=False, comment="body and format, hashed"
        ),
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name="fk_batch_idempotency_keys_tenant_id_tenants",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name="fk_batch_idempotency_keys_batch_id_batches",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "key", name="pk_batch_idempotency_keys"),
    )
    op.create_index("ix_batch_idempotency_keys_batch_id", "batch_idempotency_keys", ["batch_id"])
    op.create_index("ix_batches_tenant_id_id", "batches", ["tenant_id", "id"])


def downgrade() -> None:
    """Drop them (a retried upload then makes a new batch)."""
    op.drop_index("ix_batches_tenant_id_id", table_name="batches")
    op.drop_index("ix_batch_idempotency_keys_batch_id", table_name="batch_idempotency_keys")
    op.drop_table("batch_idempotency_keys")
