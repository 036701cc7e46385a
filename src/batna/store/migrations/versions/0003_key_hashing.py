"""API keys hashed with scrypt and a per-key salt (older SHA-256 keys keep working).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the salt and the hashing scheme."""
    op.add_column("api_keys", sa.Column("salt", sa.LargeBinary(16), nullable=True))
    op.add_column(
        "api_keys",
        sa.Column(
            "scheme",
            sa.String(16),
            nullable=False,
            server_default="sha256",
            comment="sha256 (0001) or scrypt",
        ),
    )


def downgrade() -> None:
    """Drop them (scrypt keys then no longer verify: revoke and reissue)."""
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("scheme")
        batch.drop_column("salt")
