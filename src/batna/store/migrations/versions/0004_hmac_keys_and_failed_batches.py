"""API keys verified with HMAC-SHA256 under a pepper; uploads cut off mid-intake can fail.

Older keys (SHA-256, scrypt) keep their hash until their next successful use rewrites it
as an HMAC; ``pepper_id`` records which pepper made each HMAC. Batches gain the status
``failed`` (an upload whose server died mid-intake, expired and erased) and an index the
expiry sweep reads.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMMENTS: dict[tuple[str, str], tuple[sa.types.TypeEngine[Any], bool, str | None, str]] = {
    # table, column: (type, nullable, comment before, comment after)
    ("api_keys", "secret_hash"): (
        sa.LargeBinary(32),
        False,
        "SHA-256 of the secret",
        "HMAC-SHA256 of key id and secret under the pepper (older: scrypt, SHA-256)",
    ),
    ("api_keys", "salt"): (sa.LargeBinary(16), True, None, "scrypt keys only"),
    ("api_keys", "scheme"): (
        sa.String(16),
        False,
        "sha256 (0001) or scrypt",
        "hmac-sha256 (0004); sha256 (0001) or scrypt (0003) until next used",
    ),
    ("batches", "status"): (
        sa.String(16),
        False,
        "receiving, queued, running, done",
        "receiving, queued, running, done, failed (upload cut off, rows erased)",
    ),
}


def _comment(*, after: bool) -> None:
    """Column comments exist on PostgreSQL only (SQLite keeps none: nothing to alter)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for (table, column), (kind, nullable, before, now) in _COMMENTS.items():
        op.alter_column(
            table,
            column,
            existing_type=kind,
            existing_nullable=nullable,
            comment=now if after else before,
            existing_comment=before if after else now,
        )


def upgrade() -> None:
    """Add the pepper fingerprint, the batch index and the new comments."""
    op.add_column(
        "api_keys",
        sa.Column(
            "pepper_id",
            sa.String(16),
            nullable=True,
            comment="fingerprint of the pepper an hmac-sha256 hash was made under",
        ),
    )
    op.create_index("ix_batches_status_created_at", "batches", ["status", "created_at"])
    _comment(after=True)


def downgrade() -> None:
    """Drop them (HMAC keys then no longer verify: revoke and reissue; failed batches stay)."""
    _comment(after=False)
    op.drop_index("ix_batches_status_created_at", table_name="batches")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("pepper_id")
